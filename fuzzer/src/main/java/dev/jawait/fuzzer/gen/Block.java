package dev.jawait.fuzzer.gen;

import java.util.ArrayList;
import java.util.List;

/** A braced list of statements (or, for the class body, of methods). */
public final class Block {
    final List<Node> stmts = new ArrayList<>();

    void add(Node n) {
        stmts.add(n);
    }

    void print(StringBuilder out, int indent) {
        out.append("{");
        String pad = "  ".repeat(indent + 1);
        for (Node n : stmts) {
            out.append('\n').append(pad);
            n.print(out, indent + 1);
        }
        out.append('\n').append("  ".repeat(indent)).append("}");
    }
}
