"""The Merkle tree of checkpoint heads against RFC 9162's recursive definition, and its proofs."""

import hashlib

import pytest

from audit.record import merkle


def reference_root(leaves):
    """MTH of RFC 9162 §2.1.1, written as the RFC defines it (recursive, split at a power of two)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])).digest()


def heads_of(count, start=1, step=3):
    return {str(start + step * n): [n + 1, hashlib.sha256(str(n).encode()).hexdigest()] for n in range(count)}


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 8, 13, 33])
def test_root_and_every_path_agree_with_the_rfc(count):
    heads = heads_of(count)
    leaves = [merkle.leaf_hash(*head) for head in merkle.sorted_heads(heads)]
    tree = merkle.Tree(heads)
    assert tree.root == merkle.root(heads) == reference_root(leaves).hex()
    for plan_id, seq, digest in merkle.sorted_heads(heads):
        assert merkle.check_proof(tree.proof(plan_id), plan_id, tree.root, count) == (seq, digest)


def test_leaves_sort_by_plan_number_not_text():
    heads = {"10": [1, "a" * 64], "9": [1, "b" * 64], "100": [2, "c" * 64]}
    assert [plan for plan, _s, _h in merkle.sorted_heads(heads)] == [9, 10, 100]


@pytest.mark.parametrize("absent", [0, 2, 5, 99])
def test_a_plan_that_is_not_in_the_tree_is_proven_absent(absent):
    heads = heads_of(7)  # plans 1, 4, 7, …, 19
    tree = merkle.Tree(heads)
    assert merkle.check_proof(tree.proof(absent), absent, tree.root, tree.size) is None


def test_forged_proofs_fail():
    heads = heads_of(7)
    tree = merkle.Tree(heads)
    proof = tree.proof(7)
    forged = {"head": {**proof["head"], "seq": proof["head"]["seq"] + 1}}
    with pytest.raises(ValueError, match="không nằm trong cây"):
        merkle.check_proof(forged, 7, tree.root, tree.size)
    with pytest.raises(ValueError, match="không nằm trong cây"):
        merkle.check_proof({"head": {**proof["head"], "path": ["00" * 32, *proof["head"]["path"][1:]]}}, 7, tree.root, tree.size)
    with pytest.raises(ValueError, match="không nằm trong cây"):
        last = tree.proof(19)  # the lone last leaf of 7 rises two levels: its path is shorter
        merkle.check_proof(last, 19, tree.root, tree.size + 1)
    # Absence claimed with two leaves that are not neighbours: something lies between them.
    gap = {"head": None, "before": tree.proof(1)["head"], "after": tree.proof(19)["head"]}
    with pytest.raises(ValueError, match="vắng mặt"):
        merkle.check_proof(gap, 7, tree.root, tree.size)
    with pytest.raises(ValueError, match="vắng mặt"):
        merkle.check_proof({"head": None, "before": None, "after": None}, 7, tree.root, tree.size)
