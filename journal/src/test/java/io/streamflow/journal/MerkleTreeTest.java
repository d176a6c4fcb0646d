package io.streamflow.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * RFC 6962 tree hashes and audit paths, checked against the reference vectors of the transparency-dev/merkle project
 * (Certificate Transparency's): eight leaf inputs, the root of every prefix of them, and the node hashes of the
 * eight-leaf tree, from which each audit path is read off by hand.
 */
class MerkleTreeTest
{
    private static final String[] LEAF_INPUTS = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" };

    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" };

    /** Level 0: the leaf hashes; level 1: pairs; level 2: quadruples (transparency-dev's NodeHashes). */
    private static final String[][] NODES = {
        {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1" },
        {
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0" },
        {
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } };

    @Test
    void leafHashesAndTheRootOfEveryPrefixAreTheReferences()
    {
        final List<byte[]> leaves = leafHashes();
        for (int i = 0; i < leaves.size(); i++)
        {
            assertEquals(NODES[0][i], MerkleTree.hex(leaves.get(i)), "leaf " + i);
        }
        final MerkleTree.Builder builder = new MerkleTree.Builder();
        for (int size = 0; size <= leaves.size(); size++)
        {
            assertEquals(ROOTS[size], MerkleTree.hex(MerkleTree.root(leaves.subList(0, size))), "tree of " + size);
            assertEquals(ROOTS[size], MerkleTree.hex(builder.root()), "built one leaf at a time: " + size);
            if (size < leaves.size())
            {
                builder.add(leaves.get(size));
            }
        }
    }

    @Test
    void auditPathsAreTheSiblingsFromTheLeafUp()
    {
        final List<byte[]> leaves = leafHashes();
        assertPath(leaves, 0, node(0, 1), node(1, 1), node(2, 1));
        assertPath(leaves, 5, node(0, 4), node(1, 3), node(2, 0));
        assertPath(leaves, 7, node(0, 6), node(1, 2), node(2, 0));
        // Trees whose size is not a power of two: the right edge is a lone subtree.
        assertPath(leaves.subList(0, 3), 2, node(1, 0));
        assertPath(leaves.subList(0, 3), 0, node(0, 1), node(0, 2));
        assertPath(leaves.subList(0, 5), 4, node(2, 0));
        assertPath(leaves.subList(0, 1), 0);
    }

    @Test
    void thePathRangesGiveThePathInOnePass()
    {
        final List<byte[]> all = leafHashes();
        for (int size = 1; size <= all.size(); size++)
        {
            for (int index = 0; index < size; index++)
            {
                final List<byte[]> path = MerkleTree.path(all.subList(0, size), index);
                final List<long[]> ranges = MerkleTree.pathRanges(index, size);
                assertEquals(path.size(), ranges.size());
                for (int i = 0; i < ranges.size(); i++)
                {
                    final MerkleTree.Builder sibling = new MerkleTree.Builder();
                    for (long leaf = ranges.get(i)[0]; leaf < ranges.get(i)[1]; leaf++)
                    {
                        sibling.add(all.get((int)leaf));
                    }
                    assertArrayEquals(path.get(i), sibling.root(), "sibling " + i + " of leaf " + index + " of " +
                        size);
                }
            }
        }
    }

    @Test
    void everyPathLeadsBackToItsRootAndNoChangedOneDoes()
    {
        final List<byte[]> all = leafHashes();
        for (int size = 1; size <= all.size(); size++)
        {
            final List<byte[]> leaves = all.subList(0, size);
            for (int index = 0; index < size; index++)
            {
                final List<byte[]> path = MerkleTree.path(leaves, index);
                assertEquals(ROOTS[size],
                    MerkleTree.hex(MerkleTree.rootFromPath(leaves.get(index), index, size, path)));

                for (int i = 0; i < path.size(); i++)
                {
                    final List<byte[]> changed = new ArrayList<>(path);
                    final byte[] flipped = path.get(i).clone();
                    flipped[3] ^= 0x10;
                    changed.set(i, flipped);
                    assertNotRoot(size, MerkleTree.rootFromPath(leaves.get(index), index, size, changed));
                }
                final byte[] otherLeaf = leaves.get(index).clone();
                otherLeaf[0] ^= 1;
                assertNotRoot(size, MerkleTree.rootFromPath(otherLeaf, index, size, path));
                if (size > 1)
                {
                    assertNotRoot(size, MerkleTree.rootFromPath(leaves.get(index), (index + 1) % size, size, path));
                    assertNull(MerkleTree.rootFromPath(leaves.get(index), index, size, path.subList(1, path.size())),
                        "a path one sibling short");
                }
                final List<byte[]> longer = new ArrayList<>(path);
                longer.add(leaves.get(0));
                assertNull(MerkleTree.rootFromPath(leaves.get(index), index, size, longer), "a path one too long");
                assertNull(MerkleTree.rootFromPath(leaves.get(index), size, size, path), "index past the tree");
            }
        }
    }

    private static void assertNotRoot(final int size, final byte[] root)
    {
        if (null != root)
        {
            assertEquals(false, ROOTS[size].equals(MerkleTree.hex(root)), "a changed proof gives the root");
        }
    }

    private static void assertPath(final List<byte[]> leaves, final int index, final String... expected)
    {
        final List<byte[]> path = MerkleTree.path(leaves, index);
        assertEquals(expected.length, path.size(), "path length of leaf " + index);
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], MerkleTree.hex(path.get(i)), "sibling " + i + " of leaf " + index);
        }
    }

    private static String node(final int level, final int index)
    {
        return NODES[level][index];
    }

    private static List<byte[]> leafHashes()
    {
        final List<byte[]> leaves = new ArrayList<>();
        for (final String input : LEAF_INPUTS)
        {
            final byte[] bytes = new byte[input.length() / 2];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)Integer.parseInt(input.substring(2 * i, 2 * i + 2), 16);
            }
            leaves.add(MerkleTree.leafHash(bytes, 0, bytes.length));
        }
        return leaves;
    }

    @Test
    void hexRoundTrips()
    {
        final byte[] hash = MerkleTree.fromHex(ROOTS[8]);
        assertArrayEquals(hash, MerkleTree.fromHex(MerkleTree.hex(hash)));
    }
}
