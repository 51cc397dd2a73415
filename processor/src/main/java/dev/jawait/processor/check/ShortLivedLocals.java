package dev.jawait.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
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
 * that name) keeps the local a field, and so does a mention inside a named local class's body in
 * between, since a local class that the lowering hoists into a member class copies its captured
 * locals from the machine's fields. An anonymous class body is not hoisted: it captures the
 * local in the state where its expression runs, like a lambda.
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
            public Void visitSwitch(SwitchTree node, Void p) {
                if (hasAwait.test(node)) {
                    collectUnnamedInGroups(node.getCases(), hasAwait, isAwait, writesItsType, out);
                }
                return super.visitSwitch(node, p);
            }

            @Override
            public Void visitSwitchExpression(SwitchExpressionTree node, Void p) {
                if (hasAwait.test(node)) {
                    collectUnnamedInGroups(node.getCases(), hasAwait, isAwait, writesItsType, out);
                }
                return super.visitSwitchExpression(node, p);
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
        // One scan of each statement, not one per local.
        List<StatementNames> names = namesOf(statements);
        int firstAwait = nextAwait(statements, 0, hasAwait);
        Set<String> namedFromAwait = namedFrom(names, firstAwait);
        // for each name, the last statement before the first await whose class bodies name it
        Map<String, Integer> lastInClassBody = new HashMap<>();
        for (int i = 0; i < firstAwait; i++) {
            for (String name : names.get(i).inClassBodies) {
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
            if (declaredByItsAwait(statements, names, k, hasAwait, isAwait, writesItsType)
                    && namedOnlyBeforeTheNextAwait(statements, names, k, hasAwait)) {
                out.add((VariableTree) statements.get(k));
            }
        }
    }

    /**
     * In the groups of a switch block ({@code case X:}, whose locals are in scope in the groups
     * after theirs), the locals declared by their await that no later statement of the block
     * names: the lowering declares each in the state its initializer's last await resumes, with
     * nothing else in its braces.
     */
    private static void collectUnnamedInGroups(List<? extends CaseTree> cases, Predicate<Tree> hasAwait,
            Predicate<Tree> isAwait, Predicate<VariableTree> writesItsType, Set<VariableTree> out) {
        List<StatementTree> statements = new ArrayList<>();
        for (CaseTree c : cases) {
            if (c.getStatements() != null) { // null for 'case X ->', whose body is its own scope
                statements.addAll(c.getStatements());
            }
        }
        List<StatementNames> names = namesOf(statements);
        for (int k = 0; k < statements.size(); k++) {
            if (declaredByItsAwait(statements, names, k, hasAwait, isAwait, writesItsType)
                    && !namedFrom(names, k + 1, ((VariableTree) statements.get(k)).getName().toString())) {
                out.add((VariableTree) statements.get(k));
            }
        }
    }

    /** The index of the first statement from {@code from} on that awaits, or the size. */
    private static int nextAwait(List<? extends StatementTree> statements, int from, Predicate<Tree> hasAwait) {
        int i = from;
        while (i < statements.size() && !hasAwait.test(statements.get(i))) {
            i++;
        }
        return i;
    }

    /** What each statement names, scanned once. */
    private static List<StatementNames> namesOf(List<? extends StatementTree> statements) {
        List<StatementNames> names = new ArrayList<>(statements.size());
        for (StatementTree s : statements) {
            names.add(new StatementNames(s));
        }
        return names;
    }

    /** Whether a statement from {@code from} on names {@code name}. */
    private static boolean namedFrom(List<StatementNames> names, int from, String name) {
        for (StatementNames n : names.subList(from, names.size())) {
            if (n.all.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the statements from {@code from} on. */
    private static Set<String> namedFrom(List<StatementNames> names, int from) {
        Set<String> union = new HashSet<>();
        for (StatementNames n : names.subList(from, names.size())) {
            union.addAll(n.all);
        }
        return union;
    }

    /**
     * Whether statement {@code k} declares a local whose initializer awaits, in a form the
     * lowering can keep a Java local: not a switch expression (lowered into a target) nor an
     * array initializer without its type ({@code int[] a = {...}}, which needs the declared type).
     * A {@code var} local must be the await itself ({@code var x = await(f)}), for the generated
     * {@code var x = awaited(...)} then infers the same type, while an initializer lowered
     * through temporaries could infer another one; or nothing after it may name it, so that its
     * type does not matter (and no later scope would tell the analysis what it is).
     */
    private static boolean declaredByItsAwait(List<? extends StatementTree> statements, List<StatementNames> names,
            int k, Predicate<Tree> hasAwait, Predicate<Tree> isAwait, Predicate<VariableTree> writesItsType) {
        StatementTree s = statements.get(k);
        if (!(s instanceof VariableTree) || !hasAwait.test(s)) {
            return false;
        }
        VariableTree local = (VariableTree) s;
        Tree init = local.getInitializer();
        if (init == null || init instanceof SwitchExpressionTree
                || init instanceof NewArrayTree && ((NewArrayTree) init).getType() == null) {
            return false;
        }
        return writesItsType.test(local) || isAwait.test(unparenthesized(init))
                || !namedFrom(names, k + 1, local.getName().toString());
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
    private static boolean namedOnlyBeforeTheNextAwait(List<? extends StatementTree> statements,
            List<StatementNames> names, int k, Predicate<Tree> hasAwait) {
        String name = ((VariableTree) statements.get(k)).getName().toString();
        int next = nextAwait(statements, k + 1, hasAwait);
        for (StatementNames between : names.subList(k + 1, next)) {
            if (between.yields || between.inClassBodies.contains(name)) {
                return false; // a yield of an exploded switch expression is lowered with its value typed
            }
        }
        return !namedFrom(names, next, name);
    }

    /**
     * What one statement names: every identifier in it (class bodies and lambdas included), those
     * inside the bodies of its named local classes, and whether it holds a {@code yield}
     * outside class bodies and lambdas.
     */
    private static final class StatementNames {
        final Set<String> all = new HashSet<>();
        final Set<String> inClassBodies = new HashSet<>();
        final boolean yields;

        StatementNames(Tree statement) {
            yields = scanNames(statement, all, inClassBodies);
        }
    }

    /** The identifiers that occur in {@code tree}, class bodies and lambdas included. */
    public static Set<String> namesIn(Tree tree) {
        Set<String> names = new HashSet<>();
        scanNames(tree, names, new HashSet<>());
        return names;
    }

    /**
     * Adds the identifiers that occur in {@code tree} to {@code all}, and those inside the bodies
     * of its named local classes (anonymous ones within them included) to {@code inClassBodies};
     * returns whether it holds a
     * {@code yield} outside class bodies and lambdas.
     */
    private static boolean scanNames(Tree tree, Set<String> all, Set<String> inClassBodies) {
        boolean[] yields = {false};
        new TreeScanner<Void, Void>() {
            private int classDepth;
            private int localClassDepth;
            private int lambdaDepth;

            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                all.add(node.getName().toString());
                if (localClassDepth > 0) {
                    inClassBodies.add(node.getName().toString());
                }
                return null;
            }

            @Override
            public Void visitYield(YieldTree node, Void p) {
                if (classDepth == 0 && lambdaDepth == 0) {
                    yields[0] = true;
                }
                return super.visitYield(node, p);
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                // An anonymous class body stays where it is, in the state of its expression, and
                // captures the local there; only a named local class may be hoisted.
                int local = node.getSimpleName().length() > 0 || localClassDepth > 0 ? 1 : 0;
                classDepth++;
                localClassDepth += local;
                try {
                    return super.visitClass(node, p);
                } finally {
                    classDepth--;
                    localClassDepth -= local;
                }
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                lambdaDepth++;
                try {
                    return super.visitLambdaExpression(node, p);
                } finally {
                    lambdaDepth--;
                }
            }
        }.scan(tree, null);
        return yields[0];
    }
}
