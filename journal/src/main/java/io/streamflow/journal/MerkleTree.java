package io.streamflow.journal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle tree hashes and inclusion proofs exactly as RFC 6962 (Certificate Transparency, section 2.1) defines them,
 * over SHA-256:
 * <pre>
 *   leaf hash       = SHA-256(0x00 || entry)
 *   node hash       = SHA-256(0x01 || left || right)
 *   MTH({})         = SHA-256()
 *   MTH(D[n]), n &gt; 1 = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two below n
 *   PATH(m, D[n])   = the audit path of leaf m: the siblings from the leaf up, as RFC 6962 section 2.1.1 builds it
 * </pre>
 * and the root computed back from a leaf hash and its path as RFC 9162 section 2.1.3.2 verifies it. Off the hot path:
 * it allocates.
 */
public final class MerkleTree
{
    /** Bytes of a hash. */
    public static final int HASH_LENGTH = 32;

    private MerkleTree()
    {
    }

    /**
     * @param data   bytes of the entry.
     * @param offset of the entry.
     * @param length of the entry.
     * @return its leaf hash.
     */
    public static byte[] leafHash(final byte[] data, final int offset, final int length)
    {
        final MessageDigest digest = sha256();
        digest.update((byte)0);
        digest.update(data, offset, length);
        return digest.digest();
    }

    /**
     * @param left  hash of the left subtree.
     * @param right hash of the right subtree.
     * @return the hash of the node above them.
     */
    public static byte[] nodeHash(final byte[] left, final byte[] right)
    {
        final MessageDigest digest = sha256();
        digest.update((byte)1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * @param leafHashes of the entries, in order.
     * @return the Merkle tree hash (the root) of them.
     */
    public static byte[] root(final List<byte[]> leafHashes)
    {
        return leafHashes.isEmpty() ? sha256().digest() : subtreeHash(leafHashes, 0, leafHashes.size());
    }

    /**
     * @param leafHashes of the entries, in order.
     * @param index      of the leaf whose path is wanted.
     * @return its audit path, nearest sibling first.
     */
    public static List<byte[]> path(final List<byte[]> leafHashes, final int index)
    {
        if (index < 0 || index >= leafHashes.size())
        {
            throw new IllegalArgumentException("leaf " + index + " of a tree of " + leafHashes.size());
        }
        final List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), path);
        return path;
    }

    /**
     * The leaf ranges whose subtree hashes make up a leaf's audit path, nearest sibling first: with them a path is
     * computed in one pass over the leaves, in memory logarithmic in the tree's size.
     *
     * @param index    of the leaf.
     * @param treeSize leaves in the tree.
     * @return {@code [from, to)} of each sibling subtree, in path order.
     */
    public static List<long[]> pathRanges(final long index, final long treeSize)
    {
        if (index < 0 || index >= treeSize)
        {
            throw new IllegalArgumentException("leaf " + index + " of a tree of " + treeSize);
        }
        final List<long[]> ranges = new ArrayList<>();
        pathRanges(index, 0, treeSize, ranges);
        return ranges;
    }

    /**
     * The root a leaf's audit path leads to, or null when the path cannot be one of a tree of that size.
     *
     * @param leafHash hash of the leaf.
     * @param index    of the leaf in the tree.
     * @param treeSize leaves in the tree.
     * @param path     the leaf's audit path, nearest sibling first.
     * @return the root the path gives, or null when its length does not fit the index and the size.
     */
    public static byte[] rootFromPath(final byte[] leafHash, final long index, final long treeSize,
        final List<byte[]> path)
    {
        if (index < 0 || index >= treeSize)
        {
            return null;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (final byte[] p : path)
        {
            if (0 == sn)
            {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return 0 == sn ? r : null;
    }

    /**
     * @return true when the two hashes are equal (compared in constant time).
     */
    public static boolean equal(final byte[] a, final byte[] b)
    {
        return null != a && null != b && MessageDigest.isEqual(a, b);
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is in every JDK", ex);
        }
    }

    private static byte[] subtreeHash(final List<byte[]> leaves, final int from, final int to)
    {
        final int n = to - from;
        if (1 == n)
        {
            return leaves.get(from);
        }
        final int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtreeHash(leaves, from, from + k), subtreeHash(leaves, from + k, to));
    }

    private static void path(
        final List<byte[]> leaves, final int index, final int from, final int to, final List<byte[]> path)
    {
        final int n = to - from;
        if (1 == n)
        {
            return;
        }
        final int k = largestPowerOfTwoBelow(n);
        if (index - from < k)
        {
            path(leaves, index, from, from + k, path);
            path.add(subtreeHash(leaves, from + k, to));
        }
        else
        {
            path(leaves, index, from + k, to, path);
            path.add(subtreeHash(leaves, from, from + k));
        }
    }

    private static void pathRanges(final long index, final long from, final long to, final List<long[]> ranges)
    {
        final long n = to - from;
        if (1 == n)
        {
            return;
        }
        final long k = Long.highestOneBit(n - 1);
        if (index - from < k)
        {
            pathRanges(index, from, from + k, ranges);
            ranges.add(new long[]{ from + k, to });
        }
        else
        {
            pathRanges(index, from + k, to, ranges);
            ranges.add(new long[]{ from, from + k });
        }
    }

    /**
     * @return the largest power of two strictly below n (n &gt; 1).
     */
    private static int largestPowerOfTwoBelow(final int n)
    {
        return Integer.highestOneBit(n - 1);
    }

    /**
     * @return the hash as lower-case hex.
     */
    public static String hex(final byte[] hash)
    {
        final StringBuilder text = new StringBuilder(hash.length * 2);
        for (final byte b : hash)
        {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }

    /**
     * @param hex lower- or upper-case hex of a hash.
     * @return the hash.
     * @throws IllegalArgumentException when it is not hex of {@link #HASH_LENGTH} bytes.
     */
    public static byte[] fromHex(final String hex)
    {
        if (null == hex || hex.length() != HASH_LENGTH * 2)
        {
            throw new IllegalArgumentException("not a " + HASH_LENGTH + "-byte hash in hex: " + hex);
        }
        final byte[] hash = new byte[HASH_LENGTH];
        for (int i = 0; i < HASH_LENGTH; i++)
        {
            final int hi = Character.digit(hex.charAt(2 * i), 16);
            final int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new IllegalArgumentException("not hex: " + hex);
            }
            hash[i] = (byte)((hi << 4) | lo);
        }
        return hash;
    }

    static byte[] zeros()
    {
        return Arrays.copyOf(new byte[0], HASH_LENGTH);
    }

    /**
     * The root of a tree built one leaf at a time, in memory logarithmic in its size: the perfect subtrees of a
     * prefix (its compact range, largest first), folded from the right at the end.
     */
    public static final class Builder
    {
        private final List<byte[]> subtrees = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long leaves;

        /**
         * @param leafHash of the next leaf.
         */
        public void add(final byte[] leafHash)
        {
            byte[] hash = leafHash;
            long size = 1;
            while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size)
            {
                hash = nodeHash(subtrees.remove(subtrees.size() - 1), hash);
                size += sizes.remove(sizes.size() - 1);
            }
            subtrees.add(hash);
            sizes.add(size);
            leaves++;
        }

        /**
         * @return leaves added.
         */
        public long leaves()
        {
            return leaves;
        }

        /**
         * @return the Merkle tree hash of the leaves added.
         */
        public byte[] root()
        {
            if (subtrees.isEmpty())
            {
                return sha256().digest();
            }
            byte[] root = subtrees.get(subtrees.size() - 1);
            for (int i = subtrees.size() - 2; i >= 0; i--)
            {
                root = nodeHash(subtrees.get(i), root);
            }
            return root;
        }
    }
}
