"""RFC 6962 (section 2.1) Merkle trees over the audit entries, beside the linear chain (pure).

* leaf hash ``SHA-256(0x00 || canonical bytes of the entry)``; node hash
  ``SHA-256(0x01 || left || right)``; the empty tree's hash is ``SHA-256()``;
* ``MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))`` with ``k`` the largest power of two below ``n``;
* inclusion proofs (``PATH``) and consistency proofs (``PROOF``) as in RFC 6962 section 2.1.1
  and 2.1.2, verified with the algorithms of RFC 9162 section 2.1.3.2 and 2.1.4.2.

Leaf ``i`` (0-based) is the entry with sequence number ``i + 1``.

:class:`Frontier` keeps only the roots of the perfect subtrees of a prefix ``[0, n)`` (at most
``log2(n) + 1`` hashes): enough to append leaves and compute the root, so a checkpoint stores
its frontier and the next one continues from it without re-reading older entries.
:class:`Tree` holds every level (contiguous bytes per level) for proofs over a whole log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _largest_power_of_two_below(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# ---------------------------------------------------------------- the frontier of a prefix

@dataclass
class Frontier:
    """The roots of the perfect subtrees that make up ``[0, size)``, largest (leftmost) first.
    Their sizes are the set bits of ``size``."""

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def append(self, leaf: bytes) -> None:
        """Append one leaf hash."""
        carry, size = leaf, self.size
        hashes = self.hashes
        while size & 1:                   # merge equal-sized subtrees, right to left
            carry = node_hash(hashes.pop(), carry)
            size >>= 1
        hashes.append(carry)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        """MTH of the prefix: the subtree roots folded right to left."""
        if not self.hashes:
            return EMPTY_ROOT
        acc = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            acc = node_hash(h, acc)
        return acc

    def copy(self) -> "Frontier":
        return Frontier(self.size, list(self.hashes))

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> "Frontier":
        if size < 0 or len(data) != HASH_SIZE * bin(size).count("1"):
            raise ValueError(f"a frontier of {size} leaves has {bin(size).count('1')} hashes, "
                             f"not {len(data) / HASH_SIZE:g}")
        return cls(size, [data[i:i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)])


# ---------------------------------------------------------------- a whole tree, for proofs

class Tree:
    """Every level of the tree over ``leaves`` (leaf hashes), each level one bytes object.
    An unpaired last node is carried up unchanged, which gives RFC 6962's tree exactly."""

    def __init__(self, leaves: Sequence[bytes] | bytes) -> None:
        level = leaves if isinstance(leaves, (bytes, bytearray)) else b"".join(leaves)
        if len(level) % HASH_SIZE:
            raise ValueError("leaf hashes are 32 bytes each")
        self.size = len(level) // HASH_SIZE
        self.levels: list[bytes] = [bytes(level)]
        while len(level) > HASH_SIZE:
            count = len(level) // HASH_SIZE
            out = bytearray()
            for i in range(0, count - 1, 2):
                a = level[i * HASH_SIZE:(i + 1) * HASH_SIZE]
                b = level[(i + 1) * HASH_SIZE:(i + 2) * HASH_SIZE]
                out += _sha256(b"\x01" + a + b).digest()
            if count % 2:
                out += level[(count - 1) * HASH_SIZE:]
            level = bytes(out)
            self.levels.append(level)

    def _node(self, level: int, index: int) -> bytes:
        data = self.levels[level]
        return data[index * HASH_SIZE:(index + 1) * HASH_SIZE]

    def leaf(self, index: int) -> bytes:
        return self._node(0, index)

    def root(self) -> bytes:
        return self.levels[-1] if self.size else EMPTY_ROOT

    def hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a range that is a node of some tree over this log: ``start``
        a multiple of the largest power of two not smaller than ``end - start``."""
        n = end - start
        if n <= 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0:                               # a perfect subtree: stored
            level = n.bit_length() - 1
            return self._node(level, start >> level)
        k = _largest_power_of_two_below(n)
        return node_hash(self.hash(start, start + k), self.hash(start + k, end))

    def root_at(self, size: int) -> bytes:
        """MTH of the first ``size`` leaves."""
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")
        return self.hash(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[0:size]) of RFC 6962 section 2.1.1."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ValueError(f"no leaf {index} in a tree of {size}")
        proof: list[bytes] = []
        start, end = 0, size
        while end - start > 1:                 # walk down from the root, collecting siblings
            k = _largest_power_of_two_below(end - start)
            if index < start + k:
                proof.append(self.hash(start + k, end))
                end = start + k
            else:
                proof.append(self.hash(start, start + k))
                start += k
        proof.reverse()
        return proof

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[0:new_size]) of RFC 6962 section 2.1.2."""
        new_size = self.size if new_size is None else new_size
        if not 0 < old_size <= new_size <= self.size:
            raise ValueError(f"no consistency proof from {old_size} to {new_size} leaves")
        return self._subproof(old_size, 0, new_size, True)

    def _subproof(self, m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [self.hash(start, end)]
        k = _largest_power_of_two_below(n)
        if m <= k:
            return self._subproof(m, start, start + k, complete) + [self.hash(start + k, end)]
        return self._subproof(m - k, start + k, end, False) + [self.hash(start, start + k)]


def tree_root(leaves: Sequence[bytes]) -> bytes:
    frontier = Frontier()
    frontier.extend(leaves)
    return frontier.root()


# ---------------------------------------------------------------- verification (RFC 9162)

def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to, or None when the proof has the wrong shape."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    return root_from_inclusion_proof(index, size, leaf, proof) == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: ``proof`` shows the tree of ``new_size`` extends the one of
    ``old_size``."""
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    path = list(proof)
    if old_size & (old_size - 1) == 0:          # a power of two: the old root starts the path
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
