package dev.jawait.processor;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.util.List;

/**
 * The output side of printing trees back to Java source: the code block being written and its
 * indentation, the source text of a tree (for spellings that must be kept), and the walk to a
 * tree's children, each printed by {@link #node}. The Java spelling of operators lives here too.
 */
abstract class TreeWriter {
    /** Thrown for a construct the printer does not know; reported as an error at {@link #tree}. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Tree tree;

        Unsupported(Tree tree, String message) {
            super(message);
            this.tree = tree;
        }
    }

    final CompilationUnitTree unit;
    final SourcePositions positions;
    private CharSequence source;
    CodeBlock.Builder out;
    /** The tree {@link #print} was asked for: printed on its own, away from its parent. */
    Tree printRoot;

    TreeWriter(CompilationUnitTree unit, SourcePositions positions) {
        this.unit = unit;
        this.positions = positions;
    }

    /** Prints the tree at {@code p} (its leaf) into the current output. */
    abstract void node(TreePath p);

    /** Prints the tree at {@code path} into a new code block. */
    CodeBlock print(TreePath path) {
        CodeBlock.Builder saved = out;
        Tree savedRoot = printRoot;
        out = CodeBlock.builder();
        printRoot = path.getLeaf();
        try {
            node(path);
            return out.build();
        } finally {
            out = saved;
            printRoot = savedRoot;
        }
    }

    /** Emits raw text. */
    final void emit(String text) {
        out.add("$L", text);
    }

    /** Emits a code block (types inside stay importable). */
    final void emit(CodeBlock code) {
        out.add(code);
    }

    void nl() {
        out.add("\n");
    }

    void indent() {
        out.indent();
    }

    void unindent() {
        out.unindent();
    }

    /** The source text of a tree (used for literals, whose spelling must be kept). */
    String sourceOf(Tree t) {
        try {
            if (source == null) {
                source = unit.getSourceFile().getCharContent(true);
            }
        } catch (IOException e) {
            throw new Unsupported(t, "cannot read the source file: " + e);
        }
        long start = positions.getStartPosition(unit, t);
        long end = positions.getEndPosition(unit, t);
        if (start < 0 || end < 0) {
            throw new Unsupported(t, "no source position for " + t.getKind());
        }
        return source.subSequence((int) start, (int) end).toString();
    }

    final void child(TreePath parent, Tree t) {
        if (t != null) {
            node(new TreePath(parent, t));
        }
    }

    void list(TreePath parent, List<? extends Tree> ts, String sep) {
        boolean first = true;
        for (Tree t : ts) {
            if (!first) {
                emit(sep);
            }
            first = false;
            child(parent, t);
        }
    }

    static ExpressionTree unparen(ExpressionTree e) {
        return e instanceof ParenthesizedTree ? ((ParenthesizedTree) e).getExpression() : e;
    }

    static String unaryOperator(Tree.Kind k) {
        switch (k) {
            case POSTFIX_INCREMENT: case PREFIX_INCREMENT: return "++";
            case POSTFIX_DECREMENT: case PREFIX_DECREMENT: return "--";
            case UNARY_PLUS: return "+";
            case UNARY_MINUS: return "-";
            case BITWISE_COMPLEMENT: return "~";
            case LOGICAL_COMPLEMENT: return "!";
            default: throw new IllegalArgumentException(k.toString());
        }
    }

    /** The operator of a binary or compound assignment tree, without the '='. */
    static String binaryOperator(Tree t) {
        switch (t.getKind()) {
            case MULTIPLY: case MULTIPLY_ASSIGNMENT: return "*";
            case DIVIDE: case DIVIDE_ASSIGNMENT: return "/";
            case REMAINDER: case REMAINDER_ASSIGNMENT: return "%";
            case PLUS: case PLUS_ASSIGNMENT: return "+";
            case MINUS: case MINUS_ASSIGNMENT: return "-";
            case LEFT_SHIFT: case LEFT_SHIFT_ASSIGNMENT: return "<<";
            case RIGHT_SHIFT: case RIGHT_SHIFT_ASSIGNMENT: return ">>";
            case UNSIGNED_RIGHT_SHIFT: case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return ">>>";
            case LESS_THAN: return "<";
            case GREATER_THAN: return ">";
            case LESS_THAN_EQUAL: return "<=";
            case GREATER_THAN_EQUAL: return ">=";
            case EQUAL_TO: return "==";
            case NOT_EQUAL_TO: return "!=";
            case AND: case AND_ASSIGNMENT: return "&";
            case XOR: case XOR_ASSIGNMENT: return "^";
            case OR: case OR_ASSIGNMENT: return "|";
            case CONDITIONAL_AND: return "&&";
            case CONDITIONAL_OR: return "||";
            default: throw new Unsupported(t, "operator " + t.getKind());
        }
    }
}
