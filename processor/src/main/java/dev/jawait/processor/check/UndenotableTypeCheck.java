package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * A local that lives across an await becomes a field of the generated state machine, a separate
 * top-level class, so its type must be one that class can write: not an intersection
 * ({@code var x = c ? a : b}), an anonymous class ({@code var o = new Object() {...}}), a local
 * or private class, or a captured wildcard. The types come from
 * {@code Trees.getScope(path).getLocalElements()} at each await (exact, {@code var} included).
 */
final class UndenotableTypeCheck implements MethodCheck {
    @Override
    public void check(MethodFacts method, Reporter reporter) {
        Set<String> reported = new HashSet<>();
        for (AwaitSite site : method.awaits) {
            for (VariableElement local : method.localsAt(site)) {
                String name = local.getSimpleName().toString();
                if (reported.contains(name)) {
                    continue;
                }
                String problem = problem(local.asType());
                if (problem == null) {
                    continue;
                }
                reported.add(name);
                TreePath decl = declaration(method, site, name);
                long line = method.line(site.path);
                reporter.error(decl == null ? site.path : decl, "local variable '" + name + "' lives across the"
                        + " await on line " + line + ", but its type " + describe(local.asType()) + " is "
                        + problem + ", which the generated state machine cannot write; declare '" + name
                        + "' with an explicit type" + suggestion(local.asType()));
            }
        }
    }

    /** Why {@code t} cannot be written in the generated class, or null if it can. */
    static String problem(TypeMirror t) {
        switch (t.getKind()) {
            case INTERSECTION:
                return "an intersection type";
            case NULL:
                return "the null type";
            case ERROR:
                return isAnonymous(t) ? "an anonymous class" : null;
            case ARRAY:
                return problem(((ArrayType) t).getComponentType());
            case TYPEVAR:
                return isCaptured(t) ? "a captured wildcard" : null;
            case WILDCARD: {
                WildcardType w = (WildcardType) t;
                TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return bound == null ? null : problem(bound);
            }
            case DECLARED: {
                TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
                switch (e.getNestingKind()) {
                    case ANONYMOUS:
                        return "an anonymous class";
                    case LOCAL:
                        break; // hoisted to a member class of the machine (StateLowering)
                    default:
                        break;
                }
                for (Element x = e; x instanceof TypeElement; x = x.getEnclosingElement()) {
                    if (x.getModifiers().contains(Modifier.PRIVATE)) {
                        return "the private class " + x.getSimpleName();
                    }
                }
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    String p = problem(a);
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** Whether {@code t} is an anonymous class (getScope may hand these out as error types). */
    static boolean isAnonymous(TypeMirror t) {
        if (t.getKind() == TypeKind.ERROR && t.toString().matches(".*\\$[0-9]+")) {
            return true; // an anonymous class's binary name, e.g. demo.Foo$2
        }
        return (t.getKind() == TypeKind.DECLARED || t.getKind() == TypeKind.ERROR)
                && ((DeclaredType) t).asElement() instanceof TypeElement
                && ((TypeElement) ((DeclaredType) t).asElement()).getNestingKind()
                        == javax.lang.model.element.NestingKind.ANONYMOUS;
    }

    /** javac names capture variables "capture#N of ?"; the public API offers no other tell. */
    private static boolean isCaptured(TypeMirror t) {
        return t instanceof TypeVariable && t.toString().startsWith("capture#");
    }

    private static String describe(TypeMirror t) {
        if (isAnonymous(t)) {
            String base = suggested(t);
            return "(" + (base == null ? "an anonymous class" : base + " {...}") + ")";
        }
        return "(" + t + ")";
    }

    private static String suggestion(TypeMirror t) {
        String s = isAnonymous(t) && suggested(t) == null ? "Object" : suggested(t);
        if (s == null) {
            return ".";
        }
        String note = t.getKind() == TypeKind.DECLARED && problem(t) != null && problem(t).startsWith("the ")
                ? " (or make the class a package-visible member class)" : "";
        return ", e.g. '" + s + "'" + note + ".";
    }

    /** A writable type to offer instead: the first bound, supertype or upper bound. */
    private static String suggested(TypeMirror t) {
        switch (t.getKind()) {
            case INTERSECTION: {
                List<? extends TypeMirror> bounds = ((IntersectionType) t).getBounds();
                return bounds.isEmpty() ? "Object" : bounds.get(bounds.size() - 1).toString();
            }
            case TYPEVAR:
                return ((TypeVariable) t).getUpperBound().toString();
            case DECLARED:
            case ERROR: {
                TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
                if (e.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS
                        && e.getSuperclass().getKind() != TypeKind.NONE) {
                    if (!e.getInterfaces().isEmpty()) {
                        return e.getInterfaces().get(0).toString();
                    }
                    return e.getSuperclass().toString();
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** The declaration of local {@code name} in scope at the await: the last one before it on its path. */
    private static TreePath declaration(MethodFacts method, AwaitSite site, String name) {
        SourcePositions pos = method.trees.getSourcePositions();
        long at = pos.getStartPosition(site.path.getCompilationUnit(), site.path.getLeaf());
        Set<Tree> ancestors = new HashSet<>();
        for (TreePath p = site.path; p != null; p = p.getParentPath()) {
            ancestors.add(p.getLeaf());
        }
        TreePath[] found = new TreePath[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                long start = pos.getStartPosition(site.path.getCompilationUnit(), node);
                if (node.getName().contentEquals(name) && start < at
                        && ancestors.contains(getCurrentPath().getParentPath().getLeaf())) {
                    found[0] = getCurrentPath();
                }
                return super.visitVariable(node, p);
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return null;
            }
        }.scan(new TreePath(method.path, method.tree.getBody()), null);
        return found[0];
    }

    /** Locals the check looks at: not parameters (their types are written) nor pattern bindings. */
    static boolean isLocal(VariableElement e) {
        ElementKind k = e.getKind();
        return k == ElementKind.LOCAL_VARIABLE || k == ElementKind.RESOURCE_VARIABLE
                || k == ElementKind.EXCEPTION_PARAMETER && e.asType().getKind() != TypeKind.UNION;
    }
}
