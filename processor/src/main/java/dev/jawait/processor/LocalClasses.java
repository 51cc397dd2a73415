package dev.jawait.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * The hoist-classes pass: decides which local classes (records, enums, interfaces) of an
 * {@code @Async} body become member classes of the machine.
 *
 * <p>A local class whose scope (the statements after it in its block or switch) holds no await
 * runs entirely inside one state, so it is copied in place. Otherwise its uses span states, which
 * are separate {@code case}s of the machine, so it is hoisted to a member class. Every local it
 * captures is then in scope at that await too, so it lives in a field of the machine (the
 * analysis hoists every local in scope at an await); the hoisted class copies those fields into
 * its own when an instance is created — as javac's own lowering of a local class passes its
 * captured values to the constructor — so each instance keeps the values of its own iteration.
 * Classes nested in lambdas or in other classes stay where they are, with their enclosing code.
 */
final class LocalClasses {
    private LocalClasses() {}

    /** The local classes to hoist, in source order. */
    static List<ClassTree> toHoist(AsyncMethod m) {
        List<ClassTree> out = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBlock(BlockTree node, Void unused) {
                check(node.getStatements(), List.of());
                return super.visitBlock(node, unused);
            }

            @Override
            public Void visitSwitch(SwitchTree node, Void unused) {
                List<StatementTree> later = new ArrayList<>();
                for (int i = node.getCases().size() - 1; i >= 0; i--) {
                    CaseTree c = node.getCases().get(i);
                    if (c.getStatements() != null) {
                        check(c.getStatements(), later);
                        later.addAll(0, c.getStatements());
                    }
                }
                return super.visitSwitch(node, unused);
            }

            private void check(List<? extends StatementTree> statements, List<StatementTree> after) {
                for (int i = 0; i < statements.size(); i++) {
                    if (!(statements.get(i) instanceof ClassTree)) {
                        continue;
                    }
                    ClassTree c = (ClassTree) statements.get(i);
                    boolean awaitAfter = false;
                    for (Tree t : statements.subList(i + 1, statements.size())) {
                        awaitAfter |= m.hasAwait(t);
                    }
                    for (Tree t : after) {
                        awaitAfter |= m.hasAwait(t);
                    }
                    if (awaitAfter) {
                        out.add(c);
                    }
                }
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                return null; // its members are copied with it
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                return null; // a lambda body runs within one state
            }
        }.scan(m.tree.getBody(), null);
        return out;
    }
}
