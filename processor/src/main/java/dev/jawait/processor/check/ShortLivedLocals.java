package dev.jawait.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
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
 * one, of two kinds. Declared in a block before the block's first statement that awaits, and
 * named only in the statements between (outside class bodies): the lowering copies the
 * statements before a block's first await into one state, so the declaration and every use stay
 * a plain Java local there. Or declared by a statement whose awaits are all in its initializer
 * ({@code String s = await(f);}) and named only up to the block's next awaiting statement: the
 * lowering declares it in the state the initializer's last await resumes, braced with those
 * statements, which run in that state too. Such a local need not become a field of the state
 * machine. Each field kept out makes the machine smaller, unless the object's rounding to 8
 * bytes absorbs it (skynet's {@code int child} takes its node from 52 to 56 bytes of fields and
 * header, which round to 56 either way).
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
     * @param isAwait whether a tree is an await of the method
     * @param writesItsType whether a declaration writes its type (is not {@code var})
     */
    public static Set<VariableTree> in(BlockTree body, Predicate<Tree> hasAwait, Predicate<Tree> isAwait,
            Predicate<VariableTree> writesItsType) {
        Set<VariableTree> out = Collections.newSetFromMap(new IdentityHashMap<>());
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBlock(BlockTree block, Void p) {
                if (hasAwait.test(block)) {
                    collect(block.getStatements(), hasAwait, isAwait, writesItsType, out);
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
            Predicate<Tree> isAwait, Predicate<VariableTree> writesItsType, Set<VariableTree> out) {
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
        for (int k = firstAwait; k < statements.size(); k++) {
            if (declaredByItsAwait(statements.get(k), hasAwait, isAwait, writesItsType)) {
                addIfNamedOnlyBeforeTheNextAwait(statements, k, hasAwait, out);
            }
        }
    }

    /**
     * Whether {@code s} declares a local whose initializer awaits, in a form the lowering can
     * keep a Java local: not a switch expression (lowered into a target) nor an array
     * initializer without its type ({@code int[] a = {...}}, which needs the declared type). A
     * {@code var} local must be the await itself ({@code var x = await(f)}): the generated
     * {@code var x = awaited(...)} then infers the same type, while an initializer lowered
     * through temporaries could infer another one.
     */
    private static boolean declaredByItsAwait(StatementTree s, Predicate<Tree> hasAwait, Predicate<Tree> isAwait,
            Predicate<VariableTree> writesItsType) {
        if (!(s instanceof VariableTree) || !hasAwait.test(s)) {
            return false;
        }
        VariableTree local = (VariableTree) s;
        Tree init = local.getInitializer();
        if (init == null || init instanceof SwitchExpressionTree
                || init instanceof NewArrayTree && ((NewArrayTree) init).getType() == null) {
            return false;
        }
        return writesItsType.test(local) || isAwait.test(unparenthesized(init));
    }

    private static Tree unparenthesized(Tree t) {
        while (t instanceof ParenthesizedTree) {
            t = ((ParenthesizedTree) t).getExpression();
        }
        return t;
    }

    /**
     * The second kind of short-lived local: declared by statement {@code k}, whose awaits are all
     * in the initializer, so the local gets its value in the state the last of them resumes, and
     * named only in the statements up to the block's next awaiting statement, all of which the
     * lowering copies into that same state (outside class bodies, as above).
     */
    private static void addIfNamedOnlyBeforeTheNextAwait(List<? extends StatementTree> statements, int k,
            Predicate<Tree> hasAwait, Set<VariableTree> out) {
        String name = ((VariableTree) statements.get(k)).getName().toString();
        int next = k + 1;
        while (next < statements.size() && !hasAwait.test(statements.get(next))) {
            next++;
        }
        Set<String> named = new HashSet<>();
        for (StatementTree s : statements.subList(next, statements.size())) {
            addNames(s, false, named);
        }
        for (StatementTree s : statements.subList(k + 1, next)) {
            addNames(s, true, named);
            if (yields(s)) {
                return; // a yield of an exploded switch expression is lowered with its value typed
            }
        }
        if (!named.contains(name)) {
            out.add((VariableTree) statements.get(k));
        }
    }

    /** Whether {@code tree} holds a {@code yield} (outside class bodies and lambdas). */
    private static boolean yields(Tree tree) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitYield(YieldTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return null;
            }
        }.scan(tree, null);
        return found[0];
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
