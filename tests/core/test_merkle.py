"""RFC 6962 Merkle trees (warroom/domain/merkle.py) against a naive transcription of the RFC's
definitions, on every size up to 70 and on random ones, and the verifiers of RFC 9162."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain import merkle as M


# ---------------------------------------------------------------- the RFC, word for word

def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()


def path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = _k(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def data(n: int) -> list[bytes]:
    return [f'{{"seq":{i + 1}}}'.encode() for i in range(n)]


# ---------------------------------------------------------------- agreement

@pytest.mark.parametrize("n", range(0, 71))
def test_roots_paths_and_proofs_agree_with_the_rfc(n):
    d = data(n)
    leaves = [M.leaf_hash(x) for x in d]
    tree = M.Tree(leaves)
    frontier = M.Frontier()
    for i, leaf in enumerate(leaves):
        frontier.append(leaf)
        assert frontier.root() == mth(d[:i + 1]) == tree.root_at(i + 1)
        assert M.Frontier.from_bytes(frontier.size, frontier.to_bytes()).root() == frontier.root()
    assert tree.root() == mth(d) == M.tree_root(leaves)
    for i in range(n):
        proof = tree.inclusion_proof(i)
        assert proof == path(i, d)
        assert M.verify_inclusion(i, n, leaves[i], proof, tree.root())
    for m in range(1, n + 1):
        proof = tree.consistency_proof(m)
        assert proof == subproof(m, d, True)
        assert M.verify_consistency(m, n, mth(d[:m]), mth(d), proof)


def test_the_empty_tree():
    assert M.Frontier().root() == hashlib.sha256(b"").digest() == M.Tree([]).root()


@given(st.integers(1, 3000), st.data())
def test_proofs_in_larger_trees(n, draw):
    d = data(n)
    leaves = [M.leaf_hash(x) for x in d]
    tree = M.Tree(leaves)
    i = draw.draw(st.integers(0, n - 1))
    size = draw.draw(st.integers(i + 1, n))
    assert M.verify_inclusion(i, size, leaves[i], tree.inclusion_proof(i, size), tree.root_at(size))
    m = draw.draw(st.integers(1, n))
    assert M.verify_consistency(m, n, tree.root_at(m), tree.root(), tree.consistency_proof(m))


# ---------------------------------------------------------------- what the verifiers refuse

def test_a_changed_leaf_a_wrong_index_or_a_forged_path_fail():
    d = data(13)
    leaves = [M.leaf_hash(x) for x in d]
    tree = M.Tree(leaves)
    proof = tree.inclusion_proof(5)
    assert not M.verify_inclusion(5, 13, M.leaf_hash(b"changed"), proof, tree.root())
    assert not M.verify_inclusion(6, 13, leaves[5], proof, tree.root())
    assert not M.verify_inclusion(5, 13, leaves[5], proof[:-1], tree.root())
    assert not M.verify_inclusion(5, 13, leaves[5], proof + [proof[0]], tree.root())
    assert not M.verify_inclusion(13, 13, leaves[5], proof, tree.root())


def test_a_rewritten_prefix_is_not_consistent():
    d = data(20)
    tree = M.Tree([M.leaf_hash(x) for x in d])
    rewritten = list(d)
    rewritten[3] = b"rewritten"
    other = M.Tree([M.leaf_hash(x) for x in rewritten])
    assert not M.verify_consistency(8, 20, tree.root_at(8), other.root(), other.consistency_proof(8))
    assert not M.verify_consistency(9, 20, tree.root_at(9), other.root(), other.consistency_proof(9))
    assert M.verify_consistency(9, 20, other.root_at(9), other.root(), other.consistency_proof(9))
    assert not M.verify_consistency(9, 8, tree.root_at(9), tree.root_at(8), [])


def test_a_frontier_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="3 hashes"):
        M.Frontier.from_bytes(7, b"\x00" * 64)
