"""The body of a long plan (issue 16: a 300-block plan's page within the page goals), for the bench
and for the query-count tests that compare a short plan with a long one.

Every 30 blocks: a heading, 18 paragraphs (one citing the footnote), a table, 3 targets and 6 tasks
with a lead, a supporting unit and a named group, a timing and (half of them) a reporting schedule;
and its footnote, among those that close the body."""


def long_body(blocks, unit, other_unit):
    """A body of `blocks` blocks (a multiple of 30), its tasks led by `unit`, supported by `other_unit`."""
    parts = blocks // 30
    assert parts * 30 == blocks, "a multiple of 30"
    body = []
    for part in range(1, parts + 1):
        body.append({"kind": "heading", "level": 1 if part % 3 == 1 else 2, "label": f"{part}.", "text": f"PHẦN {part}"})
        for i in range(1, 18):
            body.append({"kind": "paragraph", "label": "-", "text": f"Nội dung {part}.{i}: thực hiện **hiệu quả** các nhiệm vụ."})
        body.append({"kind": "paragraph", "label": "", "text": f"Theo Nghị định[^{part}] về phần {part}."})
        body.append(
            {
                "kind": "table",
                "label": "",
                "text": "",
                "header_rows": 1,
                "rows": [["TT", "Nội dung", "Thời gian"], ["1", f"Việc {part}", "Quý I"], ["2", "Tổng kết", "Quý IV"]],
            }
        )
        for t in range(1, 4):
            body.append(
                {
                    "kind": "target",
                    "label": "+",
                    "text": f"Có trên {part}{t},50% hộ đạt chuẩn",
                    "comparator": "more_than",
                    "value": f"{part}{t},50",
                    "unit": "%",
                }
            )
        for k in range(1, 7):
            task = {
                "kind": "task",
                "label": "-",
                "text": f"Nhiệm vụ {part}.{k}: triển khai, báo cáo kết quả.",
                "lead": (unit, "") if k % 2 else (None, "Công chức Văn hóa - Xã hội"),
                "supporting": [(other_unit, ""), (None, "Các ban ngành, đoàn thể")],
                "timing_kind": "quarter",
                "timing_year": 2025,
                "timing_part": k % 4 + 1,
            }
            if k % 2:
                task.update(schedule_kind="monthly" if k < 5 else "quarterly", schedule_day=5)
            body.append(task)
    body.extend({"kind": "footnote", "label": str(part), "text": f"Nghị định số {part}/2024/NĐ-CP."} for part in range(1, parts + 1))
    return body
