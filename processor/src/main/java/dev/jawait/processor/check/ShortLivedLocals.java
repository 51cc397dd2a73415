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
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
        // One pass over the block, not one per local: the names from the first awaiting statement
        // on, and for each name the last statement before it whose class bodies name it.
        Set<String> namedFromAwait = new HashSet<>();
        for (StatementTree s : statements.subList(firstAwait, statements.size())) {
            addNames(s, false, namedFromAwait);
        }
        Map<String, Integer> lastInClassBody = new HashMap<>();
        for (int i = 0; i < firstAwait; i++) {
            Set<String> named = new HashSet<>();
            addNames(statements.get(i), true, named);
            for (String name : named) {
                lastInClassBody.put(name, i);
            }
        }
        for (int i = 0; i < firstAwait; i++) {
            if (!(statements.get(i) instanceof VariableTree)) {
                continue;
            }
            VariableTree local = (VariableTree) statements.get(i);
            String name = local.getName().toString();
            if (!namedFromAwait.contains(name) && lastInClassBody.getOrDefault(name, -1) <= i) {
                out.add(local); // named by no class body among the statements after it
            }
        }
    }

    /** The identifiers that occur in {@code tree}, class bodies and lambdas included. */
    public static Set<String> namesIn(Tree tree) {
        Set<String> names = new HashSet<>();
        addNames(tree, false, names);
        return names;
    }

    /**
     * Adds to {@code names} the identifiers that occur in {@code tree}; with {@code inClassBodies},
     * only those inside the bodies of local and anonymous classes there.
     */
    private static void addNames(Tree tree, boolean inClassBodies, Set<String> names) {
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Integer classDepth) {
                if (!inClassBodies || classDepth > 0) {
                    names.add(node.getName().toString());
                }
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer classDepth) {
                return super.visitClass(node, classDepth + 1);
            }
        }.scan(tree, 0);
    }
}
