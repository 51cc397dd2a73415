package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Where {@code @Async} may go: a method with a body, of a named class, not {@code synchronized},
 * returning one of the {@link SupportedTypes}. Reported on the smallest tree that shows the
 * problem (the annotation, the return type, or the method's name).
 */
final class AsyncDeclarationCheck implements UnitCheck {
    private final Trees trees;

    AsyncDeclarationCheck(Trees trees) {
        this.trees = trees;
    }

    @Override
    public void check(UnitFacts unit, Reporter reporter) {
        for (TreePath path : unit.asyncMethods) {
            check(path, unit, reporter);
        }
    }

    private void check(TreePath path, UnitFacts unit, Reporter reporter) {
        MethodTree m = (MethodTree) path.getLeaf();
        String name = m.getName().toString();
        TreePath annotation = annotationPath(path, unit);
        if (name.equals("<init>")) {
            reporter.error(annotation, "@Async cannot be applied to a constructor: a constructor cannot return"
                    + " a future; move the asynchronous work to a static @Async factory method");
            return;
        }
        TreePath owner = path.getParentPath();
        if (owner != null && owner.getLeaf() instanceof ClassTree
                && AwaitSite.classKind(owner) != AwaitSite.ClassKind.TOP_OR_MEMBER) {
            String kind = AwaitSite.classKind(owner) == AwaitSite.ClassKind.ANONYMOUS ? "an anonymous" : "a local";
            reporter.error(annotation, "@Async is not supported on a method of " + kind + " class: the generated"
                    + " state machine cannot reach it; move '" + name + "' to a named top-level or member class");
            return;
        }
        if (m.getBody() == null) {
            String why = m.getModifiers().getFlags().contains(Modifier.NATIVE) ? "native" : "abstract";
            reporter.error(annotation, "@Async cannot be applied to " + why + " method '" + name + "': it needs"
                    + " a body to rewrite; put @Async on the implementing methods instead");
            return;
        }
        if (m.getModifiers().getFlags().contains(Modifier.SYNCHRONIZED)) {
            reporter.error(path, "@Async method '" + name + "' cannot be synchronized: its body runs in steps on"
                    + " whichever thread polls it, so the monitor cannot be held across awaits; remove"
                    + " 'synchronized' and guard the shared state with dev.jawait.sync.Mutex (await its lock)");
        }
        TypeMirror ret = returnType(path);
        if (ret != null && ret.getKind() != TypeKind.ERROR && SupportedTypes.futureName(ret) == null
                && m.getReturnType() != null) {
            reporter.error(new TreePath(path, m.getReturnType()), "@Async method '" + name + "' must return "
                    + SupportedTypes.LIST + "; found " + ret);
        }
    }

    private TypeMirror returnType(TreePath path) {
        Element e = trees.getElement(path);
        return e instanceof ExecutableElement ? ((ExecutableElement) e).getReturnType() : null;
    }

    private static TreePath annotationPath(TreePath method, UnitFacts unit) {
        MethodTree m = (MethodTree) method.getLeaf();
        TreePath mods = new TreePath(method, m.getModifiers());
        for (Tree a : m.getModifiers().getAnnotations()) {
            if (unit.matcher.isAsyncAnnotation(((com.sun.source.tree.AnnotationTree) a).getAnnotationType())) {
                return new TreePath(mods, a);
            }
        }
        return method;
    }
}
