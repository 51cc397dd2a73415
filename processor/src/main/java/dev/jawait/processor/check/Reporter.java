package dev.jawait.processor.check;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.tools.Diagnostic;

/**
 * Prints the checks' diagnostics at exact trees and remembers which methods have errors, so a
 * method with an error is not lowered (its misuse is reported once, by the check, and not again
 * by a later pass). Warnings honour {@code @SuppressWarnings("jawait")} on any enclosing
 * declaration.
 */
final class Reporter {
    /** The key users put in {@code @SuppressWarnings} to silence jawait's warnings. */
    static final String SUPPRESS_KEY = "jawait";

    private final Trees trees;
    private final Set<Tree> methodsWithErrors = Collections.newSetFromMap(new IdentityHashMap<>());

    Reporter(Trees trees) {
        this.trees = trees;
    }

    /** Reports an error at the leaf of {@code at}; marks its enclosing methods as failed. */
    void error(TreePath at, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, "jawait: " + message, spot(at.getLeaf()), at.getCompilationUnit());
        for (TreePath p = at; p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof MethodTree) {
                methodsWithErrors.add(p.getLeaf());
            }
        }
    }

    /** Reports a warning at the leaf of {@code at} unless an enclosing declaration suppresses it. */
    void warning(TreePath at, String message) {
        if (!suppressed(at)) {
            trees.printMessage(Diagnostic.Kind.WARNING, "jawait: " + message, spot(at.getLeaf()),
                    at.getCompilationUnit());
        }
    }

    /**
     * Where a diagnostic on {@code t} points: a call at its method name (as javac's own errors on
     * calls do: {@code await} in {@code await(f)}, the dot in {@code Await.await(f)}), else the tree.
     */
    private static Tree spot(Tree t) {
        return t instanceof MethodInvocationTree ? ((MethodInvocationTree) t).getMethodSelect() : t;
    }

    /** Whether an error was reported inside {@code method} (a MethodTree). */
    boolean hasError(Tree method) {
        return methodsWithErrors.contains(method);
    }

    private static boolean suppressed(TreePath at) {
        for (TreePath p = at; p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            ModifiersTree mods = t instanceof MethodTree ? ((MethodTree) t).getModifiers()
                    : t instanceof ClassTree ? ((ClassTree) t).getModifiers()
                    : t instanceof VariableTree ? ((VariableTree) t).getModifiers() : null;
            if (mods != null && suppresses(mods.getAnnotations())) {
                return true;
            }
        }
        return false;
    }

    private static boolean suppresses(List<? extends AnnotationTree> annotations) {
        for (AnnotationTree a : annotations) {
            String type = a.getAnnotationType().toString();
            if (!type.equals("SuppressWarnings") && !type.equals("java.lang.SuppressWarnings")) {
                continue;
            }
            for (ExpressionTree arg : a.getArguments()) {
                ExpressionTree value = arg instanceof AssignmentTree ? ((AssignmentTree) arg).getExpression() : arg;
                if (value instanceof NewArrayTree && ((NewArrayTree) value).getInitializers() != null) {
                    for (ExpressionTree v : ((NewArrayTree) value).getInitializers()) {
                        if (isKey(v)) {
                            return true;
                        }
                    }
                } else if (isKey(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isKey(ExpressionTree e) {
        return e instanceof LiteralTree && SUPPRESS_KEY.equals(((LiteralTree) e).getValue());
    }
}
