package dev.jawait.processor.check;

import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * Warning: a statement in an {@code @Async} body calls a method that returns a future and drops
 * it (C#'s "not awaited" warning). A dropped {@code dev.jawait.Future} never runs; a dropped
 * {@code CompletionStage} runs, but its result and failure are lost. The called method is found
 * by name and arity; the warning fires only when every candidate returns exactly one of the
 * {@link SupportedTypes} (so {@code spawn}'s handle, a subtype, is not flagged).
 */
final class DiscardedFutureCheck implements MethodCheck {
    @Override
    public void check(MethodFacts method, Reporter reporter) {
        Resolver resolver = new Resolver(method);
        new BodyScanner() {
            @Override
            public Void visitExpressionStatement(ExpressionStatementTree node, Void p) {
                if (node.getExpression() instanceof MethodInvocationTree) {
                    TreePath call = new TreePath(getCurrentPath(), node.getExpression());
                    if (!method.matcher.isAwait(call)) {
                        check(call, resolver, reporter);
                    }
                }
                return super.visitExpressionStatement(node, p);
            }
        }.scanBody(method);
    }

    private static void check(TreePath call, Resolver resolver, Reporter reporter) {
        List<ExecutableElement> candidates = resolver.candidates(call);
        if (candidates.isEmpty()) {
            return;
        }
        String future = null;
        for (ExecutableElement m : candidates) {
            String name = SupportedTypes.futureName(m.getReturnType());
            if (name == null) {
                return;
            }
            future = future == null || future.equals(name) ? name : "a future";
        }
        String method = candidates.get(0).getSimpleName().toString();
        String consequence = SupportedTypes.FUTURE.equals(future)
                ? "a dev.jawait.Future is lazy, so its work never runs"
                : "its result and any failure are lost";
        reporter.warning(call, "the future returned by '" + method + "' is discarded: " + consequence
                + "; await it (await(" + method + "(...))), or keep it in a variable if it should run on its own");
    }
}
