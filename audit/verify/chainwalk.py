"""Walk one plan's hash chain in stored order and say precisely what was done to it.

Pure Python (no Django): audit.verify.trail feeds it rows read from the database. Each row comes with
its position (the stored `seq`), the digest of its payload, the stored `prev_hash` and `hash`,
and — only when the digest differs from the stored hash — the payload itself (a dict, as
audit.record.chain builds it), so the walker can try it under other sequence numbers.

How it tells tampering apart, with memory bounded by a window of recent rows:

- A row whose digest equals its stored hash is intact at its position.
- Otherwise, if the digest matches when `seq` is replaced by another number — the one after the
  event its prev_hash points to, or a position up to three away — the row is an original event
  that was renumbered or moved ("moved"). Else its content was changed ("altered"). An altered
  row that a later row links to is tried again with the seq that link implies.
- Original sequence numbers that never show up are deleted events; two rows carrying the same
  original event mean one was inserted (the next event's prev_hash says which one is genuine).
- A self-consistent row whose prev_hash is not its predecessor's hash marks a rewrite with a
  recomputed hash: if the link after it holds, the predecessor was rewritten; if that link
  breaks too, the row itself was.

Findings are compressed into runs ("Sự kiện #4–#9 …") and worded in Vietnamese.
"""

from audit.record.canonical import GENESIS, event_digest

INTACT, MOVED, ALTERED = "intact", "moved", "altered"
WINDOW = 512
_NEAR_SHIFTS = (-1, 1, -2, 2, -3, 3)


class ChainWalker:
    def __init__(self, window=WINDOW):
        self.window = window
        self.count = 0
        self.last_pos = 0
        self.stored_hash_at = {}  # only the positions asked for with watch()
        self._watch = set()
        self._findings = []  # [pos, kind, info] in stream order
        self._entries = {}  # original seq -> [(pos, hash, status)], recent ones only
        self._orig_of = {}  # stored hash -> original seq, recent ones only
        self._altered = {}  # stored hash -> (finding, payload copy), recent altered rows only
        self._missing = {}  # original seq -> position where its absence was noticed
        self._max_orig = 0
        self._last_hash = GENESIS
        self._pending_break = None  # finding of a broken link not yet attributed
        self._quiet = True  # no broken link pending: the next intact, linked row needs no bookkeeping
        self._recent = []  # stored hashes of the intact rows since the last slow one …
        self._recent_start = 1  # … the first of which is at this position
        self._trim_at = 2 * window

    def watch(self, pos):
        """Remember the stored hash found at position `pos` (a checkpointed head)."""
        self._watch.add(pos)

    # -- feeding ---------------------------------------------------------------------------------

    def feed(self, pos, computed, prev_hash, stored, payload=None):
        self.count += 1
        self.last_pos = pos
        if pos in self._watch:
            self.stored_hash_at[pos] = stored
        if computed == stored and prev_hash == self._last_hash and pos == self._max_orig + 1 and self._quiet:
            # The common case: intact and linked. Only its hash is kept, for a later slow row.
            self._recent.append(stored)
            self._max_orig = pos
            self._last_hash = stored
            if len(self._recent) > self._trim_at:
                del self._recent[: -self.window]
                self._recent_start = pos - self.window + 1
            return
        self._materialize()
        self._slow(pos, payload, computed, prev_hash, stored)
        self._last_hash = stored
        self._quiet = self._pending_break is None
        self._recent_start = self._max_orig + 1

    def _materialize(self):
        """Move the recent intact rows into the lookup tables the slow path uses."""
        for offset, stored in enumerate(self._recent[-self.window :], start=max(0, len(self._recent) - self.window)):
            pos = self._recent_start + offset
            self._entries[pos] = [(pos, stored, INTACT)]
            self._orig_of[stored] = pos
        self._recent = []
        self._forget_old()

    def _slow(self, pos, payload, computed, prev_hash, stored):
        if computed == stored:
            status, orig = INTACT, pos
        else:
            orig = self._original_seq(pos, payload, prev_hash, stored)
            status = ALTERED if orig is None else MOVED
            if orig is None:
                orig = pos
        if status == MOVED:
            self._findings.append([pos, "moved", orig])
        elif status == ALTERED:
            finding = [pos, "altered", None]
            self._findings.append(finding)
            self._altered[stored] = (finding, dict(payload))
        self._check_order(pos, orig, status)
        if status != ALTERED:
            self._check_link(pos, orig, prev_hash, status)
        elif not self._links_to(pos - 1, prev_hash):
            finding[1] = "altered_unlinked"
        self._remember(pos, orig, stored, status)
        self._max_orig = max(self._max_orig, orig)

    def _original_seq(self, pos, payload, prev_hash, stored):
        """The seq under which this row's payload matches its stored hash, or None."""
        candidates = []
        if prev_hash == GENESIS:
            candidates.append(1)
        elif prev_hash in self._orig_of:
            candidates.append(self._orig_of[prev_hash] + 1)
        candidates += [pos + shift for shift in _NEAR_SHIFTS]
        tried = {pos}
        for seq in candidates:
            if seq < 1 or seq in tried:
                continue
            tried.add(seq)
            payload["seq"] = seq
            matches = event_digest(payload) == stored
            payload["seq"] = pos
            if matches:
                return seq
        return None

    def _check_order(self, pos, orig, status):
        if orig > self._max_orig + 1:
            for missing in range(self._max_orig + 1, orig):
                self._missing[missing] = pos
        elif orig <= self._max_orig and status != ALTERED:
            if orig in self._missing:
                del self._missing[orig]
            elif any(entry[2] != ALTERED for entry in self._entries.get(orig, ())):
                self._findings.append([pos, "duplicate", orig])

    def _check_link(self, pos, orig, prev_hash, status):
        if orig == 1:
            if prev_hash != GENESIS:
                self._findings.append([pos, "bad_start", None])
            return
        before = orig - 1
        if prev_hash in self._altered:  # an altered row may really be event `before`, moved
            self._retry_altered(prev_hash, before)
        if before in self._missing:
            return  # a deleted event explains it
        entries = self._entries.get(before)
        if not entries:
            return  # too far back to judge
        genuine = [entry for entry in entries if entry[1] == prev_hash]
        if genuine:
            if len(entries) > 1:
                self._resolve_duplicates(before, entries, genuine[0])
            self._attribute_pending(orig, linked=True)
            return
        if any(entry[2] == ALTERED for entry in entries):
            return  # already reported as changed
        if status == MOVED or any(entry[2] == MOVED for entry in entries):
            return  # reordering explains it
        self._attribute_pending(orig, linked=False, pos=pos, before=before)

    def _attribute_pending(self, orig, linked, pos=None, before=None):
        pending = self._pending_break
        if pending is not None and pending[2]["after"] == orig - 1:
            # the row after the earlier break: if its own link breaks too, it was rewritten itself
            pending[1] = "rewritten_self" if not linked else "rewritten_before"
            self._pending_break = None
            if not linked:
                return
        elif pending is not None:
            pending[1] = "break_unattributed"
            self._pending_break = None
        if not linked:
            finding = [pos, "break", {"before": before, "after": orig}]
            self._findings.append(finding)
            self._pending_break = finding

    def _links_to(self, orig, prev_hash):
        if orig < 1:
            return prev_hash == GENESIS
        entries = self._entries.get(orig)
        return entries is None or any(entry[1] == prev_hash for entry in entries)

    def _retry_altered(self, stored, seq):
        """A later row links to this altered row as event `seq`: is it that event, moved?"""
        finding, payload = self._altered.pop(stored)
        payload["seq"] = seq
        if event_digest(payload) != stored:
            return
        finding[1], finding[2] = "moved", seq
        for orig, entry_list in list(self._entries.items()):
            kept = [entry for entry in entry_list if entry[1] != stored]
            if kept:
                self._entries[orig] = kept
            else:
                del self._entries[orig]
        self._orig_of[stored] = seq
        self._entries.setdefault(seq, []).append((finding[0], stored, MOVED))
        self._missing.pop(seq, None)

    def _resolve_duplicates(self, orig, entries, genuine):
        for entry in entries:
            if entry is not genuine:
                self._findings.append([entry[0], "inserted", {"orig": orig, "genuine": genuine[0]}])
        for finding in self._findings:
            if finding[1] == "duplicate" and finding[2] == orig:
                finding[1] = "resolved"
        self._entries[orig] = [genuine]

    def _remember(self, pos, orig, stored, status):
        self._entries.setdefault(orig, []).append((pos, stored, status))
        self._orig_of[stored] = orig

    def _forget_old(self):
        if len(self._entries) <= 2 * self.window:
            return
        horizon = self._max_orig - self.window
        self._entries = {orig: e for orig, e in self._entries.items() if orig >= horizon}
        self._orig_of = {h: orig for h, orig in self._orig_of.items() if orig >= horizon}
        self._altered = {h: v for h, v in self._altered.items() if v[0][0] >= horizon}

    # -- results ---------------------------------------------------------------------------------

    def finish(self):
        """The problems found, in Vietnamese, ordered by position."""
        if self._pending_break is not None:
            self._pending_break[1] = "break_at_end" if self._pending_break[2]["after"] == self._max_orig else "break_unattributed"
        findings = [f for f in self._findings if f[1] not in ("resolved",)]
        findings += [[pos, "deleted", orig] for orig, pos in self._missing.items()]
        findings.sort(key=lambda f: (f[0], f[1] != "deleted"))
        return _describe(findings)


def _describe(findings):
    problems = []
    index = 0
    while index < len(findings):
        pos, kind, info = findings[index]
        end = index
        if kind in ("altered", "moved", "deleted"):
            # extend a run of consecutive positions (and, for moves, the same shift)
            while end + 1 < len(findings):
                nxt = findings[end + 1]
                if nxt[1] != kind:
                    break
                if kind == "deleted":
                    if nxt[2] != findings[end][2] + 1:
                        break
                elif nxt[0] != findings[end][0] + 1 or (kind == "moved" and nxt[0] - nxt[2] != pos - info):
                    break
                end += 1
        last_pos, last_info = findings[end][0], findings[end][2]
        problems.append(_sentence(kind, pos, info, last_pos, last_info))
        index = end + 1
    return problems


def _span(first, last):
    return f"#{first}" if first == last else f"#{first}–#{last}"


def _sentence(kind, pos, info, last_pos, last_info):
    if kind == "altered":
        return f"Sự kiện {_span(pos, last_pos)}: nội dung đã bị thay đổi (mã băm không khớp)."
    if kind == "altered_unlinked":
        return f"Sự kiện #{pos}: mã băm không khớp và không nối với sự kiện #{pos - 1}: đã bị chèn vào hoặc bị sửa."
    if kind == "moved":
        if pos == last_pos:
            return f"Sự kiện #{info} bị chuyển sang vị trí #{pos}: thứ tự các sự kiện đã bị thay đổi."
        return f"Sự kiện {_span(info, last_info)} bị đánh số lại thành {_span(pos, last_pos)}: thứ tự các sự kiện đã bị thay đổi."
    if kind == "deleted":
        return f"Sự kiện {_span(info, last_info)} đã bị xóa khỏi chuỗi."
    if kind == "inserted":
        return (
            f"Sự kiện ở vị trí #{pos} không thuộc chuỗi gốc: đã bị chèn vào (sự kiện gốc #{info['orig']} nằm ở vị trí #{info['genuine']})."
        )
    if kind == "duplicate":
        return f"Sự kiện ở vị trí #{pos} trùng nội dung với sự kiện #{info}: một bản đã bị chèn vào."
    if kind == "bad_start":
        return f"Sự kiện #{pos} không bắt đầu từ mã khởi đầu của chuỗi: đã bị viết lại hoặc chèn vào."
    if kind == "rewritten_before":
        return f"Sự kiện #{info['before']} đã bị viết lại (mã băm được tính lại): sự kiện #{info['after']} không còn nối với nó."
    if kind == "rewritten_self":
        return (
            f"Sự kiện #{info['after']} đã bị viết lại (mã băm được tính lại): nó không nối với "
            f"sự kiện #{info['before']} và sự kiện #{info['after'] + 1} không nối với nó."
        )
    if kind == "break_at_end":
        return (
            f"Chuỗi bị đứt giữa sự kiện #{info['before']} và sự kiện cuối #{info['after']}: "
            f"#{info['before']} đã bị viết lại (mã băm được tính lại), hoặc #{info['after']} bị sửa hay chèn vào."
        )
    return f"Chuỗi bị đứt giữa sự kiện #{info['before']} và #{info['after']}: một trong hai đã bị viết lại."
