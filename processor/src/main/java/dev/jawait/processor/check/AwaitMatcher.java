package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Recognises {@code dev.jawait.Await.await} and {@code dev.jawait.Async} syntactically (method
 * bodies are not attributed while processors run): {@code await(x)} under a static import,
 * {@code Await.await(x)} with {@code Await} imported, the fully qualified forms, and
 * {@code Await::await}. An unqualified {@code await} is not ours when an enclosing class declares
 * or inherits a method of that name (it shadows the static import, JLS 6.4.1).
 */
final class AwaitMatcher {
    static final String AWAIT = "dev.jawait.Await";
    static final String ASYNC = "dev.jawait.Async";

    private final CompilationUnitTree unit;
    private final Trees trees;
    private final Elements elements;
    private final boolean staticImport;
    private final boolean awaitTypeVisible;
    private final boolean asyncTypeVisible;

    AwaitMatcher(CompilationUnitTree unit, Trees trees, Elements elements) {
        this.unit = unit;
        this.trees = trees;
        this.elements = elements;
        boolean si = false;
        boolean await = inPackage(unit, "dev.jawait");
        boolean async = await;
        for (ImportTree imp : unit.getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (imp.isStatic()) {
                si |= q.equals(AWAIT + ".await") || q.equals(AWAIT + ".*");
            } else {
                await |= q.equals(AWAIT) || q.equals("dev.jawait.*");
                async |= q.equals(ASYNC) || q.equals("dev.jawait.*");
            }
        }
        this.staticImport = si;
        this.awaitTypeVisible = await;
        this.asyncTypeVisible = async;
    }

    private static boolean inPackage(CompilationUnitTree unit, String pkg) {
        return unit.getPackageName() != null && unit.getPackageName().toString().equals(pkg);
    }

    /** Whether the call at {@code path} is {@code Await.await(...)}. */
    boolean isAwait(TreePath path) {
        if (!(path.getLeaf() instanceof MethodInvocationTree)) {
            return false;
        }
        ExpressionTree select = ((MethodInvocationTree) path.getLeaf()).getMethodSelect();
        if (select instanceof IdentifierTree) {
            return ((IdentifierTree) select).getName().contentEquals("await") && staticImport && !shadowed(path);
        }
        if (select instanceof MemberSelectTree) {
            MemberSelectTree ms = (MemberSelectTree) select;
            return ms.getIdentifier().contentEquals("await") && namesAwaitClass(ms.getExpression());
        }
        return false;
    }

    /** Whether {@code ref} is {@code Await::await}. */
    boolean isAwaitReference(MemberReferenceTree ref) {
        return ref.getName().contentEquals("await") && namesAwaitClass(ref.getQualifierExpression());
    }

    private boolean namesAwaitClass(ExpressionTree e) {
        String q = e.toString();
        return q.equals(AWAIT) || q.equals("Await") && awaitTypeVisible;
    }

    /** Whether {@code a} names {@code dev.jawait.Async}. */
    boolean isAsyncAnnotation(Tree annotationType) {
        String q = annotationType.toString();
        return q.equals(ASYNC) || q.equals("Async") && asyncTypeVisible;
    }

    /** Whether an enclosing class of {@code path} declares or inherits a method named await. */
    private boolean shadowed(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            if (!(p.getLeaf() instanceof ClassTree)) {
                continue;
            }
            ClassTree c = (ClassTree) p.getLeaf();
            for (Tree member : c.getMembers()) {
                if (member instanceof MethodTree && ((MethodTree) member).getName().contentEquals("await")) {
                    return true;
                }
            }
            Element e = trees.getElement(p);
            if (e instanceof TypeElement) {
                for (Element member : elements.getAllMembers((TypeElement) e)) {
                    if (member.getKind() == ElementKind.METHOD && member.getSimpleName().contentEquals("await")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    CompilationUnitTree unit() {
        return unit;
    }
}
