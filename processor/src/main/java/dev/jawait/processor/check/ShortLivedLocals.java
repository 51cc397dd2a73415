package dev.jawait.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The locals of an {@code @Async} method that are in scope at an await but never live across
 * one: declared in a block before the block's first statement that awaits, and named only in the
 * statements between (outside class bodies). Such a local need not become a field of the state
 * machine: the lowering copies the statements before a block's first await into one state, so
 * the declaration and every use stay a plain Java local there. Each field kept out makes the
 * machine smaller, unless the object's rounding to 8 bytes absorbs it (skynet's {@code int child}
 * takes its node from 52 to 56 bytes of fields and header, which round to 56 either way).
 *
 * <p>Found from the tree alone, by name, so it errs towards a field: any mention of the name
 * from the first awaiting statement on (a shadowing member of an anonymous class, a method of
 * that name) keeps the local a field, and so does a mention inside a class body in between,
 * since a local class that the lowering hoists into a member class copies its captured locals
 * from the machine's fields.
 */
public final class ShortLivedLocals {
    private ShortLivedLocals() {}

    /**
     * The short-lived locals of the method body {@code body}.
     *
     * @param hasAwait whether a tree contains an await of the method (not counting lambdas and
     *     class bodies, where awaits are errors)
     */
    public static Set<VariableTree> in(BlockTree body, Predicate<Tree> hasAwait) {
        Set<VariableTree> out = Collections.newSetFromMap(new IdentityHashMap<>());
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBlock(BlockTree block, Void p) {
                if (hasAwait.test(block)) {
                    collect(block.getStatements(), hasAwait, out);
                }
                return super.visitBlock(block, p);
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                return null; // no awaits of this method in there
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return null;
            }
        }.scan(body, null);
        return out;
    }

    private static void collect(List<? extends StatementTree> statements, Predicate<Tree> hasAwait,
            Set<VariableTree> out) {
        int firstAwait = 0;
        while (firstAwait < statements.size() && !hasAwait.test(statements.get(firstAwait))) {
            firstAwait++;
        }
        List<? extends StatementTree> fromAwait = statements.subList(firstAwait, statements.size());
        for (int i = 0; i < firstAwait; i++) {
            if (!(statements.get(i) instanceof VariableTree)) {
                continue;
            }
            VariableTree local = (VariableTree) statements.get(i);
            String name = local.getName().toString();
            if (!mentions(fromAwait, name, false) && !mentions(statements.subList(i + 1, firstAwait), name, true)) {
                out.add(local);
            }
        }
    }

    /**
     * Whether {@code name} occurs as an identifier in {@code trees}; with {@code inClassBodies},
     * only inside the bodies of local and anonymous classes there.
     */
    private static boolean mentions(List<? extends Tree> trees, String name, boolean inClassBodies) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Integer classDepth) {
                if ((!inClassBodies || classDepth > 0) && node.getName().contentEquals(name)) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer classDepth) {
                return super.visitClass(node, classDepth + 1);
            }
        }.scan(trees, 0);
        return found[0];
    }
}
