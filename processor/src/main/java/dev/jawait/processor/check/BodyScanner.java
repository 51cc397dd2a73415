package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;

/**
 * Scans the statements of an {@code @Async} body that belong to its state machine: it does not
 * enter lambdas or nested classes (their code runs apart from the machine).
 */
abstract class BodyScanner extends TreePathScanner<Void, Void> {
    /** Scans the body of {@code method}. */
    final void scanBody(MethodFacts method) {
        if (method.tree.getBody() != null) {
            scan(new TreePath(method.path, method.tree.getBody()), null);
        }
    }

    @Override
    public Void visitClass(ClassTree node, Void p) {
        return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
        return null;
    }
}
