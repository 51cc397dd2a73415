package dev.jawait.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;

/**
 * The validate pass (minimal for now): reports, at the exact tree, the awaits the lowering cannot
 * turn into a state machine. The full diagnostics of issue 4 will grow here.
 */
final class AsyncMethodCheck {
    private final Trees trees;

    AsyncMethodCheck(Trees trees) {
        this.trees = trees;
    }

    /** Returns false after reporting at least one error. */
    boolean check(AsyncMethod m) {
        boolean ok = true;
        if (m.method.getModifiers().contains(Modifier.SYNCHRONIZED)) {
            error(m, m.tree, "jawait: an @Async method cannot be synchronized: its body runs in steps,"
                    + " on whichever thread polls it, so the monitor cannot be held across awaits");
            ok = false;
        }
        for (MethodInvocationTree await : m.awaits) {
            TreePath p = TreePath.getPath(m.path, await);
            for (TreePath q = p.getParentPath(); q != null && q.getLeaf() != m.tree; q = q.getParentPath()) {
                Tree t = q.getLeaf();
                if (t instanceof LambdaExpressionTree) {
                    error(m, await, "jawait: await inside a lambda is not allowed: the lambda is not part of"
                            + " the @Async method's state machine; call an @Async method from it, or move"
                            + " the await out of the lambda");
                    ok = false;
                    break;
                }
                if (t instanceof ClassTree) {
                    error(m, await, "jawait: await inside an anonymous or local class is not allowed;"
                            + " move the await out, or make the class's method an @Async method");
                    ok = false;
                    break;
                }
                if (t instanceof SynchronizedTree && ((SynchronizedTree) t).getBlock() != null
                        && TreePath.getPath(q, await) != null && isInBlock((SynchronizedTree) t, await, q)) {
                    error(m, await, "jawait: await inside synchronized is not allowed: the monitor would be"
                            + " held across a suspension and released on another thread");
                    ok = false;
                    break;
                }
            }
        }
        return ok;
    }

    private static boolean isInBlock(SynchronizedTree s, Tree await, TreePath at) {
        return TreePath.getPath(new TreePath(at, s.getBlock()), await) != null;
    }

    private void error(AsyncMethod m, Tree at, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, message, at, m.unit);
    }
}
