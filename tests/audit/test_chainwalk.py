"""The chain walker on synthetic chains (no database): each kind of tampering gets its own,
precise sentence, and an untouched chain gets none."""

import copy

import pytest

from audit.record.canonical import GENESIS, event_digest
from audit.verify.chainwalk import ChainWalker

N = 1200  # longer than the walker's window, so forgetting old rows is exercised too


def chain(count=N):
    events, previous = [], GENESIS
    for seq in range(1, count + 1):
        payload = {
            "plan": 1,
            "seq": seq,
            "at": f"2025-01-01T00:00:{seq % 60:02d}+00:00",
            "actor": 7,
            "kind": "edit",
            "action": "edit",
            "from_state": "draft",
            "to_state": "draft",
            "comment": f"Lần sửa {seq}",
            "changes": [{"field": "subject", "old": str(seq), "new": str(seq + 1)}],
            "prev_hash": previous,
        }
        previous = event_digest(payload)
        events.append([payload, previous])
    return events


def walk(events, window=256):
    walker = ChainWalker(window=window)
    for payload, stored in events:
        computed = event_digest(payload)
        walker.feed(payload["seq"], computed, payload["prev_hash"], stored, None if computed == stored else dict(payload))
    return walker.finish()


def rehash(event):
    event[1] = event_digest(event[0])


@pytest.fixture
def events():
    return copy.deepcopy(BASE)


BASE = chain()


def test_an_untouched_chain_has_nothing_to_say(events):
    assert walk(events) == []


def test_a_changed_event(events):
    events[699][0]["comment"] = "Sửa lén"
    assert walk(events) == ["Sự kiện #700: nội dung đã bị thay đổi (mã băm không khớp)."]


def test_a_run_of_changed_events_is_one_sentence(events):
    for event in events[100:200]:
        event[0]["actor"] = 99
    assert walk(events) == ["Sự kiện #101–#200: nội dung đã bị thay đổi (mã băm không khớp)."]


def test_a_changed_event_with_its_hash_recomputed(events):
    events[699][0]["comment"] = "Sửa lén"
    rehash(events[699])
    assert walk(events) == ["Sự kiện #700 đã bị viết lại (mã băm được tính lại): sự kiện #701 không còn nối với nó."]


def test_an_event_relinked_with_its_hash_recomputed(events):
    events[699][0]["prev_hash"] = "f" * 64
    rehash(events[699])
    assert walk(events) == [
        "Sự kiện #700 đã bị viết lại (mã băm được tính lại): nó không nối với sự kiện #699 và sự kiện #701 không nối với nó."
    ]


@pytest.mark.parametrize("seq", [1, 2, 600, N - 1])
def test_a_deleted_event(events, seq):
    del events[seq - 1]
    assert walk(events) == [f"Sự kiện #{seq} đã bị xóa khỏi chuỗi."]


def test_deleted_events_renumbered_to_close_the_gap(events):
    del events[999:1001]
    for event in events[999:]:
        event[0]["seq"] -= 2
    assert walk(events) == [
        "Sự kiện #1000–#1001 đã bị xóa khỏi chuỗi.",
        f"Sự kiện #1002–#{N} bị đánh số lại thành #1000–#{N - 2}: thứ tự các sự kiện đã bị thay đổi.",
    ]


def test_an_inserted_event_with_the_later_ones_renumbered(events):
    for event in events[299:]:
        event[0]["seq"] += 1
    forged = dict(events[298][0], seq=300, comment="Sự kiện giả", prev_hash=events[298][1])
    events.insert(299, [forged, event_digest(forged)])
    assert walk(events) == [
        "Sự kiện ở vị trí #300 không thuộc chuỗi gốc: đã bị chèn vào (sự kiện gốc #300 nằm ở vị trí #301).",
        f"Sự kiện #300–#{N} bị đánh số lại thành #301–#{N + 1}: thứ tự các sự kiện đã bị thay đổi.",
    ]


def test_an_event_added_at_the_end_with_a_made_up_hash(events):
    forged = dict(events[-1][0], seq=N + 1, prev_hash="a" * 64)
    events.append([forged, "b" * 64])
    assert walk(events) == [f"Sự kiện #{N + 1}: mã băm không khớp và không nối với sự kiện #{N}: đã bị chèn vào hoặc bị sửa."]


@pytest.mark.parametrize(("first", "second"), [(500, 501), (2, 9), (10, 400)])
def test_two_events_swapped(events, first, second):
    a, b = events[first - 1], events[second - 1]
    a[0]["seq"], b[0]["seq"] = second, first
    events[first - 1], events[second - 1] = b, a
    assert walk(events) == [
        f"Sự kiện #{second} bị chuyển sang vị trí #{first}: thứ tự các sự kiện đã bị thay đổi.",
        f"Sự kiện #{first} bị chuyển sang vị trí #{second}: thứ tự các sự kiện đã bị thay đổi.",
    ]


def test_watched_positions_remember_their_stored_hash(events):
    walker = ChainWalker()
    walker.watch(5)
    for payload, stored in events[:10]:
        walker.feed(payload["seq"], stored, payload["prev_hash"], stored)
    assert walker.stored_hash_at == {5: events[4][1]}
    assert (walker.count, walker.last_pos) == (10, 10)
