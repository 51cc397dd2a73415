package dev.jawait.processor.check;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;

/**
 * The local elements {@link Trees#getScope} finds at a tree, asked once per tree. Each call
 * attributes the method up to that tree, so in a long method with many awaits these calls are
 * most of the processor's time; the checks and the analysis ask at the same awaits, and share the
 * answers here. Holds one method's answers: {@link #clear()} before the next.
 */
public final class ScopeCache {
    private final Trees trees;
    private final Map<Tree, List<Element>> byTree = new IdentityHashMap<>();

    public ScopeCache(Trees trees) {
        this.trees = trees;
    }

    /** {@code trees.getScope(path).getLocalElements()}, computed at most once per tree. */
    public List<Element> localElements(TreePath path) {
        return byTree.computeIfAbsent(path.getLeaf(), t -> {
            List<Element> found = new ArrayList<>();
            trees.getScope(path).getLocalElements().forEach(found::add);
            return List.copyOf(found);
        });
    }

    /** Forgets every answer: the next method's trees, or trees the redirect has changed. */
    public void clear() {
        byTree.clear();
    }
}
