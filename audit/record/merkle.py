"""A Merkle tree over the chain heads of a checkpoint (RFC 9162 §2.1 hashing, standard library only).

A checkpoint signs the root of this tree instead of the list of every chain's head, so the audit
bundle of one plan carries only that plan's head and a proof of a few dozen hashes that it is in
the signed tree — not the ids and chain lengths of every other plan of the installation (and not
megabytes of heads for a province's worth of plans). The offline verifier imports this module.

Leaves are the heads sorted by plan id (as a number); a leaf's data is "<plan id>:<seq>:<hash>".
Sorted leaves also let a bundle prove that a plan is *not* in a checkpoint: the two neighbouring
leaves, at adjacent positions, one with a smaller and one with a larger plan id.
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(plan_id, seq, head_hash):
    return hashlib.sha256(b"\x00" + f"{int(plan_id)}:{int(seq)}:{head_hash}".encode("ascii")).digest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def sorted_heads(heads):
    """[(plan id, seq, hash)] of a checkpoint's {"<plan id>": [seq, hash]}, by plan id."""
    return sorted((int(plan_id), seq, digest) for plan_id, (seq, digest) in heads.items())


def _levels(leaves):
    """Every level of the tree, leaves first. A level's lone last node moves up unchanged, which
    builds the same left-full tree as RFC 9162's recursive definition."""
    levels = [leaves]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [_node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])
        levels.append(above)
    return levels


def root(heads):
    """Hex root of the tree over {"<plan id>": [seq, hash]}."""
    leaves = [leaf_hash(*head) for head in sorted_heads(heads)]
    return _levels(leaves)[-1][0].hex() if leaves else EMPTY_ROOT


class Tree:
    """The tree of one checkpoint, built once, answering inclusion and absence proofs."""

    def __init__(self, heads):
        self.heads = sorted_heads(heads)
        self.index = {plan_id: position for position, (plan_id, _seq, _hash) in enumerate(self.heads)}
        self.levels = _levels([leaf_hash(*head) for head in self.heads]) if self.heads else [[]]

    @property
    def size(self):
        return len(self.heads)

    @property
    def root(self):
        return self.levels[-1][0].hex() if self.heads else EMPTY_ROOT

    def path(self, position):
        """The audit path of leaf `position`: sibling hashes (hex), bottom up."""
        path = []
        for level in self.levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                path.append(level[sibling].hex())
            position //= 2
        return path

    def _leaf(self, position):
        plan_id, seq, digest = self.heads[position]
        return {"plan": plan_id, "seq": seq, "hash": digest, "index": position, "path": self.path(position)}

    def proof(self, plan_id):
        """{"head": leaf} when the plan is in the tree, else {"head": None, "before": leaf|None,
        "after": leaf|None}: its neighbours, which show that nothing lies between them."""
        position = self.index.get(int(plan_id))
        if position is not None:
            return {"head": self._leaf(position)}
        after = next((i for i, (other, _s, _h) in enumerate(self.heads) if other > int(plan_id)), self.size)
        return {
            "head": None,
            "before": self._leaf(after - 1) if after > 0 else None,
            "after": self._leaf(after) if after < self.size else None,
        }


def path_root(leaf, size):
    """The root that `leaf` {"plan", "seq", "hash", "index", "path"} and its path give in a tree
    of `size` leaves (RFC 9162 §2.1.3.2), or None if the path cannot belong to such a tree."""
    try:
        index, path = int(leaf["index"]), leaf["path"]
        node = leaf_hash(leaf["plan"], leaf["seq"], leaf["hash"])
        siblings = [bytes.fromhex(p) for p in path]
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 <= index < size:
        return None
    fn, sn = index, size - 1
    for sibling in siblings:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = _node(sibling, node)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            node = _node(node, sibling)
        fn >>= 1
        sn >>= 1
    return node.hex() if sn == 0 else None


def check_proof(proof, plan_id, expected_root, size):
    """(seq, hash) of the plan's head if `proof` shows it in the tree, None if it shows the plan is
    absent; raises ValueError with the reason if the proof does not hold."""
    if not isinstance(proof, dict):
        raise ValueError("bằng chứng không hợp lệ")
    head = proof.get("head")
    if head is not None:
        if not isinstance(head, dict) or head.get("plan") != plan_id:
            raise ValueError("bằng chứng thuộc kế hoạch khác")
        if path_root(head, size) != expected_root:
            raise ValueError("đầu chuỗi không nằm trong cây đã ký")
        return head["seq"], head["hash"]
    before, after = proof.get("before"), proof.get("after")
    for neighbour in (before, after):
        if neighbour is not None and (not isinstance(neighbour, dict) or path_root(neighbour, size) != expected_root):
            raise ValueError("kế hoạch lân cận không nằm trong cây đã ký")
    if size == 0 and before is None and after is None:
        return None
    if before is None and after is not None and after["index"] == 0 and after["plan"] > plan_id:
        return None
    if after is None and before is not None and before["index"] == size - 1 and before["plan"] < plan_id:
        return None
    if before is not None and after is not None and after["index"] == before["index"] + 1 and before["plan"] < plan_id < after["plan"]:
        return None
    raise ValueError("không chứng minh được kế hoạch vắng mặt trong điểm kiểm tra")
