package dev.jawait.processor;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Code for an expression or a copied statement, plus the snapshot declarations it needs before it
 * (what both the lowering and the printer hand back).
 */
final class Expr {
    final CodeBlock code;
    final List<CodeBlock> prelude;

    Expr(CodeBlock code, List<CodeBlock> prelude) {
        this.code = code;
        this.prelude = prelude;
    }

    /** The same code with {@code more} declarations after the prelude. */
    Expr with(List<CodeBlock> more) {
        List<CodeBlock> all = new ArrayList<>(prelude);
        all.addAll(more);
        return new Expr(code, all);
    }
}
