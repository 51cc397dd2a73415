package dev.jawait.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Prints declarations: variables with their modifiers, and the classes declared in printed code
 * (local, anonymous, records and enums) with their members and methods. It holds the jump
 * targets and the lambda / class depths that {@link JavaPrinter} tracks, because a class body
 * starts a new scope for jumps.
 */
abstract class DeclarationPrinter extends TreeWriter {
    /** The loops, switches and labels that a {@code break} or {@code continue} may target here. */
    final Deque<Tree> jumpTargets = new ArrayDeque<>();
    /** Depth of lambda bodies and class bodies entered. */
    int lambdaDepth;
    int classDepth;

    DeclarationPrinter(CompilationUnitTree unit, SourcePositions positions) {
        super(unit, positions);
    }

    /** Prints extra members at the top of the body of class {@code c}; the default prints none. */
    protected void classBodyStart(TreePath path, ClassTree c) {
    }

    /** Prints a local variable declaration without the trailing semicolon. */
    void variableDecl(TreePath p, VariableTree v) {
        modifiers(p, v.getModifiers());
        if (TypeWritability.writesItsType(v, positions, unit)) {
            child(p, v.getType());
        } else {
            emit("var");
        }
        emit(" " + v.getName());
        if (v.getInitializer() != null) {
            emit(" = ");
            child(p, v.getInitializer());
        }
    }

    void modifiers(TreePath p, ModifiersTree m) {
        for (AnnotationTree a : m.getAnnotations()) {
            child(p, a);
            emit(" ");
        }
        for (Modifier mod : m.getFlags()) {
            emit(mod.toString() + " ");
        }
    }

    void classDecl(TreePath p, ClassTree c, boolean named) {
        Deque<Tree> savedTargets = new ArrayDeque<>(jumpTargets);
        jumpTargets.clear();
        classDepth++;
        try {
            List<VariableTree> components = new ArrayList<>();
            if (c.getKind() == Tree.Kind.RECORD) {
                for (Tree member : c.getMembers()) {
                    // A record declares no instance fields: those in the tree are its components.
                    if (member instanceof VariableTree
                            && !((VariableTree) member).getModifiers().getFlags().contains(Modifier.STATIC)) {
                        components.add((VariableTree) member);
                    }
                }
            }
            if (named) {
                classHeader(p, c, components);
            }
            emit("{");
            nl();
            indent();
            classBodyStart(p, c);
            boolean constants = named && c.getKind() == Tree.Kind.ENUM;
            for (Tree member : c.getMembers()) {
                TreePath mp = new TreePath(p, member);
                if (components.contains(member) || positions.getEndPosition(unit, member) < 0) {
                    continue; // a record component (in the header), or a member javac generated
                }
                if (constants && !isEnumConstant(member)) {
                    emit(";");
                    nl();
                    constants = false;
                }
                if (constants) {
                    enumConstant(mp, (VariableTree) member);
                    emit(",");
                } else if (member instanceof MethodTree) {
                    method(mp, (MethodTree) member, c);
                } else if (member instanceof VariableTree) {
                    variableDecl(mp, (VariableTree) member);
                    emit(";");
                } else {
                    node(mp);
                }
                nl();
            }
            if (constants) {
                emit(";");
                nl();
            }
            unindent();
            emit("}");
        } finally {
            classDepth--;
            jumpTargets.addAll(savedTargets);
        }
    }

    /** {@code modifiers kind Name<T> extends ... implements ...} (a record with its components). */
    private void classHeader(TreePath p, ClassTree c, List<VariableTree> components) {
        for (AnnotationTree a : c.getModifiers().getAnnotations()) {
            child(p, a);
            emit(" ");
        }
        for (Modifier mod : c.getModifiers().getFlags()) {
            // Local records, enums and interfaces are implicitly static (javac may have marked
            // them so); the keyword is not allowed on a local declaration.
            if (mod != Modifier.STATIC && (c.getKind() == Tree.Kind.CLASS || mod != Modifier.FINAL)) {
                emit(mod.toString() + " ");
            }
        }
        String kw;
        switch (c.getKind()) {
            case INTERFACE: kw = "interface"; break;
            case ENUM: kw = "enum"; break;
            case RECORD: kw = "record"; break;
            case ANNOTATION_TYPE: throw new Unsupported(c, "jawait: local annotation types in copied code");
            default: kw = "class";
        }
        emit(kw + " " + c.getSimpleName());
        if (!c.getTypeParameters().isEmpty()) {
            emit("<");
            list(p, c.getTypeParameters(), ", ");
            emit(">");
        }
        if (c.getKind() == Tree.Kind.RECORD) {
            emit("(");
            for (int i = 0; i < components.size(); i++) {
                if (i > 0) {
                    emit(", ");
                }
                TreePath vp = new TreePath(p, components.get(i));
                child(vp, components.get(i).getType());
                emit(" " + components.get(i).getName());
            }
            emit(")");
        }
        if (c.getExtendsClause() != null) {
            emit(" extends ");
            child(p, c.getExtendsClause());
        }
        if (!c.getImplementsClause().isEmpty()) {
            emit(c.getKind() == Tree.Kind.INTERFACE ? " extends " : " implements ");
            list(p, c.getImplementsClause(), ", ");
        }
        emit(" ");
    }

    /** An enum constant is written as its name (the tree holds a field with a {@code new}). */
    private boolean isEnumConstant(Tree member) {
        if (!(member instanceof VariableTree) || !(((VariableTree) member).getInitializer() instanceof NewClassTree)) {
            return false;
        }
        String text = sourceOf(member);
        String name = ((VariableTree) member).getName().toString();
        return text.startsWith(name) && (text.length() == name.length()
                || !Character.isJavaIdentifierPart(text.charAt(name.length())));
    }

    private void enumConstant(TreePath p, VariableTree v) {
        NewClassTree n = (NewClassTree) v.getInitializer();
        TreePath np = new TreePath(p, n);
        emit(v.getName().toString());
        if (!n.getArguments().isEmpty()) {
            emit("(");
            list(np, n.getArguments(), ", ");
            emit(")");
        }
        if (n.getClassBody() != null) {
            emit(" ");
            classDecl(new TreePath(np, n.getClassBody()), n.getClassBody(), false);
        }
    }

    private void method(TreePath p, MethodTree m, ClassTree owner) {
        modifiers(p, m.getModifiers());
        if (!m.getTypeParameters().isEmpty()) {
            emit("<");
            list(p, m.getTypeParameters(), ", ");
            emit("> ");
        }
        boolean ctor = m.getName().contentEquals("<init>");
        if (!ctor) {
            child(p, m.getReturnType());
            emit(" " + m.getName());
        } else {
            emit(owner.getSimpleName().toString());
        }
        if (ctor && owner.getKind() == Tree.Kind.RECORD && m.getBody() != null && isCompact(m, owner)) {
            emit(" ");
            child(p, m.getBody());
            return;
        }
        emit("(");
        for (int i = 0; i < m.getParameters().size(); i++) {
            if (i > 0) {
                emit(", ");
            }
            VariableTree v = m.getParameters().get(i);
            variableDecl(new TreePath(p, v), v);
        }
        emit(")");
        if (!m.getThrows().isEmpty()) {
            emit(" throws ");
            list(p, m.getThrows(), ", ");
        }
        if (m.getBody() == null) {
            emit(";");
        } else {
            emit(" ");
            child(p, m.getBody());
        }
    }

    /** A compact canonical constructor: no parameter list in the source (javac may have added one). */
    private boolean isCompact(MethodTree m, ClassTree owner) {
        String text = sourceOf(m);
        long start = positions.getStartPosition(unit, m);
        long body = positions.getStartPosition(unit, m.getBody());
        return text.substring(0, (int) (body - start)).trim().endsWith(owner.getSimpleName().toString());
    }
}
