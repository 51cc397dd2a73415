package dev.jawait.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Resolves, by name only, the few expressions the warnings need in an unattributed body:
 * the methods a call may invoke and the type of a simple receiver (a local, a parameter, a
 * field, {@code this}, or a class name). It answers "unknown" whenever the answer would be a
 * guess: the warnings fire only on what is certain.
 */
final class Resolver {
    private final MethodFacts method;

    Resolver(MethodFacts method) {
        this.method = method;
    }

    /** The methods {@code call} (at {@code path}) may invoke; empty when not resolvable. */
    List<ExecutableElement> candidates(TreePath path) {
        MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
        ExpressionTree select = call.getMethodSelect();
        int arity = call.getArguments().size();
        if (select instanceof IdentifierTree) {
            String name = ((IdentifierTree) select).getName().toString();
            // JLS 15.12.1: the innermost class with a member method of that name is searched.
            for (TypeElement c = enclosingClass(); c != null; c = outer(c)) {
                List<ExecutableElement> found = methodsNamed(c.asType(), name, arity);
                if (!found.isEmpty() || hasMethodNamed(c, name)) {
                    return found;
                }
            }
            return List.of();
        }
        if (select instanceof MemberSelectTree) {
            MemberSelectTree ms = (MemberSelectTree) select;
            TypeMirror receiver = typeOf(path, ms.getExpression());
            return receiver == null ? List.of() : methodsNamed(receiver, ms.getIdentifier().toString(), arity);
        }
        return List.of();
    }

    /** The static type of a simple receiver expression, or null if it is not certain. */
    TypeMirror typeOf(TreePath at, ExpressionTree e) {
        if (e instanceof IdentifierTree) {
            String n = ((IdentifierTree) e).getName().toString();
            if (n.equals("this")) {
                TypeElement c = enclosingClass();
                return c == null ? null : c.asType();
            }
            for (Element local : method.trees.getScope(at).getLocalElements()) {
                if (local.getSimpleName().contentEquals(n) && local.getKind().isField() == false
                        && local instanceof javax.lang.model.element.VariableElement) {
                    return local.asType();
                }
            }
            for (TypeElement c = enclosingClass(); c != null; c = outer(c)) {
                for (Element f : method.elements.getAllMembers(c)) {
                    if (f.getKind() == ElementKind.FIELD && f.getSimpleName().contentEquals(n)) {
                        return f.asType();
                    }
                }
            }
            TypeElement type = typeNamed(n);
            return type == null ? null : type.asType();
        }
        if (e instanceof MemberSelectTree) {
            MemberSelectTree ms = (MemberSelectTree) e;
            if (ms.getExpression().toString().equals("this")) {
                TypeElement c = enclosingClass();
                if (c != null) {
                    for (Element f : method.elements.getAllMembers(c)) {
                        if (f.getKind() == ElementKind.FIELD && f.getSimpleName().contentEquals(ms.getIdentifier())) {
                            return f.asType();
                        }
                    }
                }
                return null;
            }
            TypeElement type = method.elements.getTypeElement(e.toString());
            return type == null ? null : type.asType();
        }
        return null;
    }

    private TypeElement enclosingClass() {
        Element e = method.method == null ? null : method.method.getEnclosingElement();
        return e instanceof TypeElement ? (TypeElement) e : null;
    }

    private static TypeElement outer(TypeElement c) {
        Element e = c.getEnclosingElement();
        return e instanceof TypeElement ? (TypeElement) e : null;
    }

    private boolean hasMethodNamed(TypeElement c, String name) {
        for (Element m : method.elements.getAllMembers(c)) {
            if (m.getKind() == ElementKind.METHOD && m.getSimpleName().contentEquals(name)) {
                return true;
            }
        }
        return false;
    }

    private List<ExecutableElement> methodsNamed(TypeMirror receiver, String name, int arity) {
        List<ExecutableElement> out = new ArrayList<>();
        if (receiver.getKind() != TypeKind.DECLARED) {
            return out;
        }
        TypeElement type = (TypeElement) ((DeclaredType) receiver).asElement();
        for (Element m : method.elements.getAllMembers(type)) {
            if (m.getKind() == ElementKind.METHOD && m.getSimpleName().contentEquals(name)) {
                ExecutableElement ex = (ExecutableElement) m;
                int n = ex.getParameters().size();
                if (n == arity || ex.isVarArgs() && arity >= n - 1) {
                    out.add(ex);
                }
            }
        }
        return out;
    }

    /** A class named by a simple name: nested in an enclosing class, imported, same package, java.lang. */
    private TypeElement typeNamed(String simple) {
        for (TypeElement c = enclosingClass(); c != null; c = outer(c)) {
            if (c.getSimpleName().contentEquals(simple)) {
                return c;
            }
            for (Element m : method.elements.getAllMembers(c)) {
                if (m instanceof TypeElement && m.getSimpleName().contentEquals(simple)) {
                    return (TypeElement) m;
                }
            }
        }
        List<String> candidates = new ArrayList<>();
        for (ImportTree imp : method.path.getCompilationUnit().getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (!imp.isStatic() && q.endsWith("." + simple)) {
                candidates.add(q);
            }
        }
        var pkg = method.path.getCompilationUnit().getPackageName();
        candidates.add(pkg == null ? simple : pkg + "." + simple);
        for (ImportTree imp : method.path.getCompilationUnit().getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (!imp.isStatic() && q.endsWith(".*")) {
                candidates.add(q.substring(0, q.length() - 1) + simple);
            }
        }
        candidates.add("java.lang." + simple);
        for (String q : candidates) {
            TypeElement t = method.elements.getTypeElement(q);
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
