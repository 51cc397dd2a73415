package dev.jawait.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.jawait.processor.check.LocalScopes;
import dev.jawait.processor.check.ScopeCache;
import dev.jawait.processor.check.ShortLivedLocals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * The analyse pass: finds the awaits of an {@code @Async} method, the trees that contain them,
 * and the exact type of every local that lives across one, using only the public
 * {@code com.sun.source} API. Bodies are not attributed while processors run, but
 * {@link Trees#getScope(TreePath)} attributes up to a point and its {@code getLocalElements()}
 * gives every local in scope with its exact type ({@code var}, generics, primitives), on JDK 17
 * and 25 alike.
 */
final class AsyncAnalysis {
    static final String ASYNC = "dev.jawait.Async";
    static final String AWAIT = "dev.jawait.Await";
    static final String FUTURE = "dev.jawait.Future";

    private final ProcessingEnvironment env;
    private final Trees trees;
    private final ScopeCache scopes;

    AsyncAnalysis(ProcessingEnvironment env, Trees trees, ScopeCache scopes) {
        this.env = env;
        this.trees = trees;
        this.scopes = scopes;
    }

    /** Analyses {@code method}; returns {@code null} after reporting an error. */
    AsyncMethod analyse(ExecutableElement method, String machineName) {
        TreePath path = trees.getPath(method);
        if (path == null || !(path.getLeaf() instanceof MethodTree)) {
            env.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "@Async: the source of this method is not available", method);
            return null;
        }
        MethodTree tree = (MethodTree) path.getLeaf();
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String pkg = env.getElementUtils().getPackageOf(owner).getQualifiedName().toString();
        AsyncMethod m = new AsyncMethod(method, owner, tree, path, path.getCompilationUnit(), pkg, machineName);
        if (tree.getBody() == null) {
            error(m, tree, "@Async method must have a body");
            return null;
        }
        if (!returnKind(m)) {
            return null;
        }
        if (!m.isStatic()) {
            for (TypeElement c = owner; c != null; c = enclosingInstanceClass(c)) {
                m.instances.add(c);
            }
        }
        findAwaits(m);
        if (!hoistLocals(m)) {
            return null;
        }
        return m;
    }

    /** The class of {@code c}'s enclosing instance, or null if {@code c} is not an inner class. */
    static TypeElement enclosingInstanceClass(TypeElement c) {
        if (c.getNestingKind() != NestingKind.MEMBER || c.getModifiers().contains(Modifier.STATIC)
                || c.getKind() != ElementKind.CLASS) {
            return null;
        }
        Element e = c.getEnclosingElement();
        if (e instanceof TypeElement && ((TypeElement) e).getKind().isClass()
                || e instanceof TypeElement && ((TypeElement) e).getKind() == ElementKind.ENUM) {
            return (TypeElement) e;
        }
        return null;
    }

    private boolean returnKind(AsyncMethod m) {
        TypeMirror ret = m.method.getReturnType();
        if (ret.getKind() == TypeKind.DECLARED) {
            DeclaredType dt = (DeclaredType) ret;
            String name = ((TypeElement) dt.asElement()).getQualifiedName().toString();
            if (dt.getTypeArguments().size() == 1) {
                TypeMirror arg = dt.getTypeArguments().get(0);
                if (name.equals(FUTURE)) {
                    m.kind = AsyncMethod.Kind.LAZY;
                } else if (name.equals("java.util.concurrent.CompletableFuture")
                        || name.equals("java.util.concurrent.CompletionStage")) {
                    m.kind = AsyncMethod.Kind.EAGER;
                }
                if (m.kind != null) {
                    if (arg.getKind() == TypeKind.WILDCARD) {
                        error(m, m.tree.getReturnType(), "@Async: write the result type without a wildcard,"
                                + " e.g. Future<Number> instead of Future<? extends Number>");
                        return false;
                    }
                    m.resultType = arg;
                    return true;
                }
            }
        }
        error(m, m.tree.getReturnType(), "@Async method must return dev.jawait.Future<T> (lazy),"
                + " java.util.concurrent.CompletableFuture<T> or CompletionStage<T> (eager); found " + ret);
        return false;
    }

    /** Whether {@code call} is {@code Await.await(...)} in the method's compilation unit. */
    static boolean isAwait(MethodInvocationTree call, CompilationUnitTree unit, TypeElement owner) {
        ExpressionTree select = call.getMethodSelect();
        if (select instanceof IdentifierTree) {
            if (!((IdentifierTree) select).getName().contentEquals("await")) {
                return false;
            }
            for (TypeElement c = owner; c != null; c = c.getEnclosingElement() instanceof TypeElement
                    ? (TypeElement) c.getEnclosingElement() : null) {
                for (Element e : c.getEnclosedElements()) {
                    if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals("await")) {
                        return false;
                    }
                }
            }
            for (ImportTree imp : unit.getImports()) {
                String q = imp.getQualifiedIdentifier().toString();
                if (imp.isStatic() && (q.equals(AWAIT + ".await") || q.equals(AWAIT + ".*"))) {
                    return true;
                }
            }
            return false;
        }
        if (select instanceof MemberSelectTree) {
            MemberSelectTree ms = (MemberSelectTree) select;
            if (!ms.getIdentifier().contentEquals("await")) {
                return false;
            }
            String q = ms.getExpression().toString();
            if (q.equals(AWAIT)) {
                return true;
            }
            if (q.equals("Await")) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
                if (pkg.equals("dev.jawait")) {
                    return true;
                }
                for (ImportTree imp : unit.getImports()) {
                    String iq = imp.getQualifiedIdentifier().toString();
                    if (!imp.isStatic() && (iq.equals(AWAIT) || iq.equals("dev.jawait.*"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void findAwaits(AsyncMethod m) {
        Deque<Tree> stack = new ArrayDeque<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (tree == null) {
                    return null;
                }
                stack.push(tree);
                try {
                    return super.scan(tree, p);
                } finally {
                    stack.pop();
                }
            }

            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void p) {
                m.bindings.computeIfAbsent(node.getVariable().getName().toString(), k -> new ArrayList<>())
                        .add(node.getVariable());
                return super.visitBindingPattern(node, p);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                if (isAwait(node, m.unit, m.owner)) {
                    m.awaits.add(node);
                    m.containsAwait.addAll(stack);
                }
                return super.visitMethodInvocation(node, p);
            }
        }.scan(new TreePath(m.path, m.tree.getBody()), null);
        if (!m.awaits.isEmpty()) {
            m.containsAwait.add(m.tree.getBody());
        }
    }

    /**
     * Hoists every local in scope at some await, except those that never live across one
     * ({@link ShortLivedLocals}); its type comes from {@code getScope}.
     */
    private boolean hoistLocals(AsyncMethod m) {
        boolean[] typed = {true};
        Set<VariableTree> shortLived = ShortLivedLocals.in(m.tree.getBody(), m::hasAwait, m.awaits::contains,
                v -> TypeWritability.writesItsType(v, trees.getSourcePositions(), m.unit));
        List<TreePath> awaitPaths = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                if (m.awaits.contains(node)) {
                    awaitPaths.add(getCurrentPath());
                }
                return super.visitMethodInvocation(node, p);
            }

            @Override
            public Void visitConditionalExpression(com.sun.source.tree.ConditionalExpressionTree node, Void p) {
                if (m.hasAwait(node) || statementAwaits(m, getCurrentPath())) {
                    // The lowering evaluates the condition, and each branch, in a statement of its
                    // own when an await splits them (in a branch, or later in the expression, which
                    // keeps a reference conditional's branches in temporaries first): a pattern
                    // variable the condition declares and a branch reads must outlive its
                    // statement, so it is hoisted like a local.
                    List<VariableTree> declared = bindingsIn(node.getCondition());
                    if (!declared.isEmpty()) {
                        hoistBindingsInScope(m, declared, new TreePath(getCurrentPath(), node.getTrueExpression()));
                        hoistBindingsInScope(m, declared, new TreePath(getCurrentPath(), node.getFalseExpression()));
                    }
                }
                return super.visitConditionalExpression(node, p);
            }

            @Override
            public Void visitTry(TryTree node, Void p) {
                if (m.hasAwait(node) && !node.getResources().isEmpty()) {
                    // Resources of an exploded try are closed in another state: they live in fields.
                    TreePath blockPath = new TreePath(getCurrentPath(), node.getBlock());
                    for (Tree r : node.getResources()) {
                        if (r instanceof VariableTree) {
                            VariableElement e = localNamed(blockPath, ((VariableTree) r).getName().toString());
                            if (e != null) {
                                m.hoisted.putIfAbsent((VariableTree) r, e);
                            }
                        }
                    }
                }
                return super.visitTry(node, p);
            }

            @Override
            public Void visitCatch(CatchTree node, Void p) {
                if (!m.hasAwait(getCurrentPath().getParentPath().getLeaf())) {
                    // Only an exploded try (one with an await) routes to its catches by type.
                    return super.visitCatch(node, p);
                }
                TreePath blockPath = new TreePath(new TreePath(getCurrentPath(), node.getBlock()), node.getBlock());
                VariableElement e = localNamed(blockPath, node.getParameter().getName().toString());
                if (e != null) {
                    m.catchParams.put(node.getParameter(), e);
                }
                return super.visitCatch(node, p);
            }
        }.scan(new TreePath(m.path, m.tree.getBody()), null);
        boolean ok = typed[0];
        for (TreePath await : awaitPaths) {
            List<VariableTree> visible = visibleLocals(await, m.tree);
            if (m.bindings.isEmpty() && allHoisted(m, visible, shortLived)) {
                // getScope attributes the method up to the await on every call: skip it when an
                // earlier await already typed every local seen here (no pattern variables, whose
                // scope follows flow, can be in scope).
                continue;
            }
            Map<String, VariableElement> inScope = new HashMap<>();
            for (Element e : scopes.localElements(await)) {
                if (e instanceof VariableElement) {
                    inScope.putIfAbsent(e.getSimpleName().toString(), (VariableElement) e);
                }
            }
            for (VariableTree decl : visible) {
                String name = decl.getName().toString();
                VariableElement e = inScope.remove(name);
                if (m.tree.getParameters().contains(decl) || shortLived.contains(decl)) {
                    continue;
                }
                if (e == null) {
                    error(m, decl, "jawait: cannot determine the type of local '" + name + "'");
                    ok = false;
                    continue;
                }
                VariableElement before = m.hoisted.get(decl);
                if (before == null || untyped(before) && !untyped(e)) {
                    m.hoisted.put(decl, e);
                }
            }
            for (VariableTree p : m.tree.getParameters()) {
                inScope.remove(p.getName().toString());
            }
            for (VariableElement leftover : inScope.values()) {
                if (leftover.getKind() != ElementKind.BINDING_VARIABLE) {
                    continue;
                }
                VariableTree inCase = CaseLabels.bindingInScope(await, leftover.getSimpleName().toString());
                if (inCase != null) {
                    m.hoisted.putIfAbsent(inCase, leftover); // a case's own: found by its scope
                    continue;
                }
                // A pattern variable in scope at the await: hoisted like a local. Its scope follows
                // flow (JLS 6.3.1), so it is found by name, which must then be unambiguous.
                List<VariableTree> named = m.bindings.get(leftover.getSimpleName().toString());
                if (named == null || named.size() != 1) {
                    error(m, await.getLeaf(), "jawait: the pattern variable '" + leftover.getSimpleName()
                            + "' is in scope at this await, and this method declares several pattern"
                            + " variables with that name; rename them apart (or assign it to a local)");
                    ok = false;
                    continue;
                }
                m.hoisted.putIfAbsent(named.get(0), leftover);
            }
        }
        for (Map.Entry<VariableTree, VariableElement> h : m.hoisted.entrySet()) {
            if (untyped(h.getValue())) {
                VariableElement after = typedAfter(m, h.getKey());
                if (after != null) {
                    h.setValue(after);
                }
            }
        }
        return ok;
    }

    /**
     * A {@code var} local that no later await sees (its only one is in its own initializer): its
     * element in the scope of the next statement in its scope, where javac has inferred the type:
     * the one after it in its block, or, for the last statement of a {@code case} group, the
     * first statement of a later group of the same switch block, or, for a for's init, what
     * follows it in the loop. Null if there is none (then nothing can name the local after its
     * declaration).
     */
    private VariableElement typedAfter(AsyncMethod m, VariableTree decl) {
        TreePath path = TreePath.getPath(m.path, decl);
        TreePath next = path == null ? null : nextInScope(path);
        if (next == null) {
            return null;
        }
        VariableElement e = localNamed(next, decl.getName().toString());
        return e == null || untyped(e) ? null : e;
    }

    /** The statement after {@code statement} in the same scope, as above; null if none. */
    private static TreePath nextInScope(TreePath statement) {
        TreePath parentPath = statement.getParentPath();
        Tree parent = parentPath.getLeaf();
        if (parent instanceof ForLoopTree) {
            // A local of a for's init is in scope in the rest of the init, the condition, the
            // update and the body (JLS 6.3).
            ForLoopTree loop = (ForLoopTree) parent;
            List<? extends StatementTree> init = loop.getInitializer();
            int at = init.indexOf(statement.getLeaf());
            Tree next = at < 0 ? null : at + 1 < init.size() ? init.get(at + 1)
                    : loop.getCondition() != null ? loop.getCondition() : loop.getStatement();
            return next == null ? null : new TreePath(parentPath, next);
        }
        List<? extends StatementTree> siblings = parent instanceof BlockTree ? ((BlockTree) parent).getStatements()
                : parent instanceof CaseTree ? ((CaseTree) parent).getStatements() : null;
        int at = siblings == null ? -1 : siblings.indexOf(statement.getLeaf());
        if (at < 0) {
            return null;
        }
        if (at + 1 < siblings.size()) {
            return new TreePath(parentPath, siblings.get(at + 1));
        }
        if (!(parent instanceof CaseTree)) {
            return null;
        }
        // A local of a switch block's group is in scope in the groups after it (JLS 6.3).
        TreePath switchPath = parentPath.getParentPath();
        Tree sw = switchPath.getLeaf();
        List<? extends CaseTree> cases = sw instanceof SwitchTree ? ((SwitchTree) sw).getCases()
                : sw instanceof SwitchExpressionTree ? ((SwitchExpressionTree) sw).getCases() : List.of();
        for (CaseTree later : cases.subList(cases.indexOf(parent) + 1, cases.size())) {
            List<? extends StatementTree> statements = later.getStatements();
            if (statements != null && !statements.isEmpty()) {
                return new TreePath(new TreePath(switchPath, later), statements.get(0));
            }
        }
        return null;
    }

    /**
     * Whether the statement around expression {@code p} contains an await (not looking past a
     * lambda or a class body, whose code the lowering does not split).
     */
    private static boolean statementAwaits(AsyncMethod m, TreePath p) {
        for (TreePath q = p.getParentPath(); q != null; q = q.getParentPath()) {
            Tree t = q.getLeaf();
            if (t instanceof com.sun.source.tree.LambdaExpressionTree || t instanceof com.sun.source.tree.ClassTree) {
                return false;
            }
            if (t instanceof com.sun.source.tree.StatementTree) {
                return m.hasAwait(t);
            }
        }
        return false;
    }

    /** The pattern variables {@code tree} declares. */
    private static List<VariableTree> bindingsIn(Tree tree) {
        List<VariableTree> declared = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void p) {
                declared.add(node.getVariable());
                return super.visitBindingPattern(node, p);
            }
        }.scan(tree, null);
        return declared;
    }

    /** Hoists those of the pattern variables {@code declared} that are in scope at {@code at}. */
    private void hoistBindingsInScope(AsyncMethod m, List<VariableTree> declared, TreePath at) {
        for (Element e : scopes.localElements(at)) {
            if (e.getKind() != ElementKind.BINDING_VARIABLE) {
                continue;
            }
            for (VariableTree v : declared) {
                if (v.getName().contentEquals(e.getSimpleName())) {
                    m.hoisted.putIfAbsent(v, (VariableElement) e);
                }
            }
        }
    }

    /**
     * Whether every declaration in {@code visible} is a parameter of {@code m}, already hoisted, or
     * one that needs no field.
     */
    private static boolean allHoisted(AsyncMethod m, List<VariableTree> visible, Set<VariableTree> shortLived) {
        for (VariableTree decl : visible) {
            if (!m.tree.getParameters().contains(decl) && !shortLived.contains(decl)
                    && (!m.hoisted.containsKey(decl) || untyped(m.hoisted.get(decl)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether javac had not typed {@code local} where the scope was taken: a {@code var} local at
     * an await inside its own initializer, whose type is inferred from that initializer. A later
     * await gives it its type.
     */
    private static boolean untyped(VariableElement local) {
        return local.asType().getKind() == TypeKind.NONE;
    }

    private VariableElement localNamed(TreePath path, String name) {
        for (Element e : scopes.localElements(path)) {
            if (e instanceof VariableElement && e.getSimpleName().contentEquals(name)) {
                return (VariableElement) e;
            }
        }
        return null;
    }

    /** The local declarations of {@code method} visible at {@code path}; see {@link LocalScopes#visible}. */
    static List<VariableTree> visibleLocals(TreePath path, MethodTree method) {
        return LocalScopes.visible(path, method);
    }

    /** Declarations that {@code parent} makes visible inside {@code child}; see {@link LocalScopes#collect}. */
    static void collectVisible(Tree parent, Tree child, List<VariableTree> out) {
        LocalScopes.collect(parent, child, out);
    }

    private void error(AsyncMethod m, Tree at, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, message, at, m.unit);
    }
}
