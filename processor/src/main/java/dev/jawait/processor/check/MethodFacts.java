package dev.jawait.processor.check;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.jawait.processor.TypeWritability;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** What the method checks need to know about one well-declared {@code @Async} method. */
final class MethodFacts {
    final ExecutableElement method;
    final TreePath path;
    final MethodTree tree;
    final AwaitMatcher matcher;
    /** The awaits directly in the body (not in lambdas or nested classes), in source order. */
    final List<AwaitSite> awaits = new ArrayList<>();
    final Trees trees;
    final Elements elements;
    final Types types;

    MethodFacts(ExecutableElement method, TreePath path, AwaitMatcher matcher, List<AwaitSite> unitAwaits,
            ProcessingEnvironment env, Trees trees, ScopeCache scopes) {
        this.scopes = scopes;
        this.method = method;
        this.path = path;
        this.tree = (MethodTree) path.getLeaf();
        this.matcher = matcher;
        this.trees = trees;
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        for (AwaitSite s : unitAwaits) {
            if (s.owner == AwaitSite.Owner.ASYNC_METHOD && s.ownerPath.getLeaf() == tree) {
                awaits.add(s);
            }
        }
    }

    /** What {@code getScope} found, by the declarations visible at the await (or by the await). */
    private final java.util.Map<Object, List<javax.lang.model.element.VariableElement>> locals =
            new java.util.HashMap<>();
    private Boolean hasBindings;
    private final ScopeCache scopes;

    /**
     * The locals declared in this method that are in scope at {@code site}, with their exact
     * types (from {@code Trees.getScope}). {@code getScope} attributes the method up to the await
     * on every call, so awaits that see the same local declarations share one call; in a method
     * with pattern variables (whose scope follows flow, not blocks) every await has its own.
     */
    List<javax.lang.model.element.VariableElement> localsAt(AwaitSite site) {
        Object key = hasBindings() ? site : LocalScopes.visible(site.path, tree);
        return locals.computeIfAbsent(key, k -> scopeLocals(site));
    }

    private List<javax.lang.model.element.VariableElement> scopeLocals(AwaitSite s) {
        List<javax.lang.model.element.VariableElement> out = new ArrayList<>();
        for (javax.lang.model.element.Element e : scopes.localElements(s.path)) {
            if (e instanceof javax.lang.model.element.VariableElement
                    && UndenotableTypeCheck.isLocal((javax.lang.model.element.VariableElement) e)) {
                out.add((javax.lang.model.element.VariableElement) e);
            }
        }
        return out;
    }

    /** Whether the method declares a pattern variable anywhere. */
    private boolean hasBindings() {
        if (hasBindings == null) {
            boolean[] found = {false};
            new com.sun.source.util.TreeScanner<Void, Void>() {
                @Override
                public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void p) {
                    found[0] = true;
                    return null;
                }
            }.scan(tree, null);
            hasBindings = found[0];
        }
        return hasBindings;
    }

    private java.util.Set<com.sun.source.tree.VariableTree> shortLived;

    /** The locals that are in scope at an await but never live across one ({@link ShortLivedLocals}). */
    java.util.Set<com.sun.source.tree.VariableTree> shortLivedLocals() {
        if (shortLived == null) {
            java.util.Set<com.sun.source.tree.Tree> awaiting =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.Set<com.sun.source.tree.Tree> awaitCalls =
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (AwaitSite site : awaits) {
                awaitCalls.add(site.path.getLeaf());
                for (TreePath p = site.path; p != null && p.getLeaf() != tree; p = p.getParentPath()) {
                    awaiting.add(p.getLeaf());
                }
            }
            com.sun.source.tree.CompilationUnitTree unit = path.getCompilationUnit();
            shortLived = ShortLivedLocals.in(tree.getBody(), awaiting::contains, awaitCalls::contains,
                    v -> TypeWritability.writesItsType(v, trees.getSourcePositions(), unit));
        }
        return shortLived;
    }

    /** The 1-based line of a tree. */
    long line(TreePath p) {
        long pos = trees.getSourcePositions().getStartPosition(p.getCompilationUnit(), p.getLeaf());
        return p.getCompilationUnit().getLineMap().getLineNumber(pos);
    }

    /** The method's name, for messages. */
    String name() {
        return tree.getName().toString();
    }
}
