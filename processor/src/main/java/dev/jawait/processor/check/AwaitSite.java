package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;

/**
 * One {@code await(...)} call and where it sits: its innermost enclosing code body (the
 * <em>owner</em>: a method, a lambda, or a class body for field initialisers and initialiser
 * blocks) and the nearest enclosing {@code @Async} method, if any.
 */
final class AwaitSite {
    /** What kind of code body directly contains the await. */
    enum Owner {
        /** The body of an {@code @Async} method: a legal await. */
        ASYNC_METHOD,
        /** A method that is not {@code @Async}. */
        PLAIN_METHOD,
        /** A lambda expression. */
        LAMBDA,
        /** A field initialiser or an initialiser block. */
        INITIALIZER
    }

    /** Where a class body sits, for the message. */
    enum ClassKind {
        TOP_OR_MEMBER, ANONYMOUS, LOCAL
    }

    final TreePath path;
    final Owner owner;
    /** The tree of the owner (method, lambda or class). */
    final TreePath ownerPath;
    /** The nearest enclosing {@code @Async} method (possibly the owner), or null. */
    final TreePath asyncMethod;
    /** The innermost class between the await and {@link #asyncMethod}, or null. */
    final TreePath nestedClass;

    private AwaitSite(TreePath path, Owner owner, TreePath ownerPath, TreePath asyncMethod, TreePath nestedClass) {
        this.path = path;
        this.owner = owner;
        this.ownerPath = ownerPath;
        this.asyncMethod = asyncMethod;
        this.nestedClass = nestedClass;
    }

    /** Classifies the await at {@code path}. */
    static AwaitSite of(TreePath path, AwaitMatcher matcher) {
        Owner owner = null;
        TreePath ownerPath = null;
        TreePath async = null;
        TreePath nestedClass = null;
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (t instanceof LambdaExpressionTree && owner == null) {
                owner = Owner.LAMBDA;
                ownerPath = p;
            } else if (t instanceof MethodTree) {
                boolean isAsync = isAsync((MethodTree) t, matcher);
                if (owner == null) {
                    owner = isAsync ? Owner.ASYNC_METHOD : Owner.PLAIN_METHOD;
                    ownerPath = p;
                }
                if (isAsync) {
                    async = p;
                    break;
                }
            } else if (t instanceof ClassTree) {
                if (owner == null) {
                    owner = Owner.INITIALIZER;
                    ownerPath = p;
                }
                if (nestedClass == null) {
                    nestedClass = p;
                }
            }
        }
        if (async == null || nestedClass != null && classKind(nestedClass) == ClassKind.TOP_OR_MEMBER) {
            // A member class's method is separate code even if the class is nested in a body.
            async = null;
        }
        return new AwaitSite(path, owner == null ? Owner.INITIALIZER : owner, ownerPath, async,
                async == null ? null : nestedClass);
    }

    static boolean isAsync(MethodTree m, AwaitMatcher matcher) {
        for (var a : m.getModifiers().getAnnotations()) {
            if (matcher.isAsyncAnnotation(a.getAnnotationType())) {
                return true;
            }
        }
        return false;
    }

    /** Top-level or member, anonymous, or local. */
    static ClassKind classKind(TreePath classPath) {
        TreePath parent = classPath.getParentPath();
        if (parent == null) {
            return ClassKind.TOP_OR_MEMBER;
        }
        Tree up = parent.getLeaf();
        if (up instanceof NewClassTree) {
            return ClassKind.ANONYMOUS;
        }
        if (up instanceof ClassTree || up.getKind() == Tree.Kind.COMPILATION_UNIT) {
            return ClassKind.TOP_OR_MEMBER;
        }
        return ClassKind.LOCAL;
    }
}
