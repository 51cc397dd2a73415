package dev.jawait.fuzzer.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a generated program: a statement, an expression or a method. A node is a sequence
 * of parts — source text, child nodes and {@link Block}s — printed in order. The shrinker edits
 * this tree: it removes statements from blocks, splices a statement's block in its place, and
 * replaces an expression by one of its children or by its {@link #fallback}.
 */
public final class Node {
    /** What a node is, for the shrinker. */
    public enum Kind { STMT, EXPR, METHOD }

    final Kind kind;
    final List<Object> parts;
    /** For expressions: a literal of the same type that may replace the node, or null. */
    String fallback;
    /** A statement the shrinker must keep (loop counters and step budget: termination). */
    boolean pinned;

    Node(Kind kind, Object... parts) {
        this.kind = kind;
        this.parts = new ArrayList<>(Arrays.asList(parts));
    }

    static Node stmt(Object... parts) {
        return new Node(Kind.STMT, parts);
    }

    static Node expr(String fallback, Object... parts) {
        Node n = new Node(Kind.EXPR, parts);
        n.fallback = fallback;
        return n;
    }

    static Node pinned(String text) {
        Node n = new Node(Kind.STMT, text);
        n.pinned = true;
        return n;
    }

    /** A literal or name: an expression with nothing to shrink. */
    static Node leaf(String text) {
        return new Node(Kind.EXPR, text);
    }

    void print(StringBuilder out, int indent) {
        for (Object p : parts) {
            if (p instanceof String) {
                String s = (String) p;
                out.append(s.replace("\n", "\n" + "  ".repeat(indent)));
            } else if (p instanceof Node) {
                ((Node) p).print(out, indent);
            } else {
                ((Block) p).print(out, indent);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, 0);
        return sb.toString();
    }
}
