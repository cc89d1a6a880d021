"""Review comments are sent without reloading the page: their forms sit in
<turbo-frame id="comments">, Turbo follows the redirect and swaps only that frame, and the
message about the comment is shown inside it (not at the top of the page, out of sight)."""

from tests.ui.helpers import advance


def frame_of(html):
    start = html.index('<turbo-frame id="comments">')
    return html[start : html.index("</turbo-frame>", start)]


def test_a_comment_is_confirmed_inside_the_comments_frame(login, world, make_plan):
    plan = advance(make_plan(), world, "review")
    client = login("reviewer")
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    frame = frame_of(page)
    assert f'action="/plans/{plan.pk}/comments/"' in frame and 'data-comment-action="comment"' in frame

    response = client.post(f"/plans/{plan.pk}/comments/", {"anchor": "plan", "text": "Bổ sung căn cứ."})
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/#comments"
    page = client.get(response["Location"]).content.decode()
    frame = frame_of(page)
    assert "Đã gửi ý kiến." in frame and "Bổ sung căn cứ." in frame
    assert page.count("Đã gửi ý kiến.") == 1  # not repeated at the top of the page

    client.post(f"/plans/{plan.pk}/comments/", {"anchor": "plan", "text": ""})
    frame = frame_of(client.get(f"/plans/{plan.pk}/").content.decode())
    assert "Cần ghi nội dung ý kiến." in frame and "pf-message--error" in frame


def test_other_messages_stay_at_the_top_of_the_page(login, world, make_plan):
    plan = make_plan()
    client = login("drafter")
    client.post(f"/plans/{plan.pk}/actions/submit/", {"comment": ""})
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Đã thực hiện “Trình thẩm định”." in page[: page.index('<turbo-frame id="comments">')]
