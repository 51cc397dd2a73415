package dev.jawait.processor;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.jawait.processor.MachineIr.ConstructorParam;
import dev.jawait.processor.MachineIr.Field;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;

/**
 * Declares the machine's fields for what lives across awaits (the method's instances, its
 * parameters, its hoisted locals), after checking that the generated class can write their types.
 */
final class MachineFields {
    private final LoweringContext cx;
    private final ExactTypes exact;
    private final AsyncMethod m;
    private final TypeWritability.Rules rules = new LoweringRules();

    MachineFields(LoweringContext cx, ExactTypes exact) {
        this.cx = cx;
        this.exact = exact;
        this.m = cx.m;
    }

    /** Declares the fields of the machine's instances, parameters and hoisted locals. */
    void declare() {
        for (int i = 0; i < m.instances.size(); i++) {
            TypeElement c = m.instances.get(i);
            if (unnameable(c.asType()) != null) {
                throw cx.fail(m.tree, "jawait: an @Async instance method needs its class to be nameable from the"
                        + " generated state machine (a separate class in package " + m.packageName + "), but "
                        + c.getQualifiedName() + " is " + unnameable(c.asType()) + "; make it package-private");
            }
            Field f = new Field(instanceField(i), TypeName.get(c.asType()), false, false, null);
            cx.ir.fields.add(f);
            cx.ir.constructorParams.add(new ConstructorParam(f.name, f));
            cx.fieldNames.add(f.name);
        }
        Set<String> typeVariables = new HashSet<>();
        for (com.palantir.javapoet.TypeVariableName tv : MachineEmitter.typeVariables(m)) {
            if (!typeVariables.add(tv.name())) {
                throw cx.fail(m.tree, "jawait: the type parameter " + tv.name() + " of this @Async method hides a"
                        + " type parameter of its class; the generated machine needs both, so rename one");
            }
        }
        // The parameters, then the hoisted locals, each with its field's type, in source order.
        Map<VariableTree, TypeName> variables = new LinkedHashMap<>();
        for (int i = 0; i < m.method.getParameters().size(); i++) {
            VariableTree p = m.tree.getParameters().get(i);
            TypeMirror t = m.method.getParameters().get(i).asType();
            checkNameable(t, m.tree);
            cx.fieldType.put(p, t);
            variables.put(p, TypeName.get(t));
        }
        for (Map.Entry<VariableTree, VariableElement> h : m.hoisted.entrySet()) {
            VariableTree decl = h.getKey();
            TypeMirror t = h.getValue().asType();
            if (t.getKind() == TypeKind.UNION) {
                t = exact.lub((UnionType) t);
            }
            checkNameable(t, decl);
            cx.fieldType.put(decl, t);
            variables.put(decl, LocalClasses.typeName(t));
        }
        for (List<VariableTree> group : new SharedFields(cx).group(variables)) {
            Field f = fieldFor(group, variables.get(group.get(0)));
            cx.ir.fields.add(f);
            for (VariableTree v : group) {
                cx.fieldOf.put(v, f.name);
                if (m.tree.getParameters().contains(v)) {
                    cx.ir.constructorParams.add(new ConstructorParam(v.getName().toString(), f));
                }
            }
        }
    }

    /**
     * The field of variables that share it, in order of declaration (usually one): named after
     * them all ({@code num$sum}), so the debugger shows whose value it may hold.
     */
    private Field fieldFor(List<VariableTree> group, TypeName type) {
        StringJoiner name = new StringJoiner("$");
        StringJoiner doc = new StringJoiner(", then ");
        for (VariableTree v : group) {
            name.add(v.getName());
            doc.add("{@code " + v.getName() + "}");
        }
        return new Field(cx.uniqueFieldName(name.toString()), type, false, false, null,
                group.size() == 1 ? null : "Holds " + doc + ": their lives do not overlap.\n");
    }

    static String instanceField(int i) {
        return i == 0 ? "self" : "outer" + i;
    }

    /** Reports a type the generated class cannot write (DESIGN §2, lowering.md §6). */
    private void checkNameable(TypeMirror t, Tree at) {
        String problem = unnameable(t);
        if (problem != null) {
            throw cx.fail(at, "jawait: this value lives across an await, but its type " + t
                    + " cannot be written in the generated class (" + problem + ")."
                    + " Declare it with a type that can be written.");
        }
    }

    /** Why {@code t} cannot be written in the generated class, or null if it can. */
    String unnameable(TypeMirror t) {
        return TypeWritability.whyNot(t, rules);
    }

    /**
     * The lowering's answers: it writes every type it declares, so it needs each one resolved, and
     * it can write a local class only if it hoisted it into the machine.
     */
    private final class LoweringRules implements TypeWritability.Rules {
        @Override
        public String none() {
            // javac could not attribute it for the processor (e.g. some 'var' locals)
            return "javac did not give the processor its type";
        }

        @Override
        public String nullType() {
            return null;
        }

        @Override
        public String error(TypeMirror t) {
            return "it does not resolve";
        }

        @Override
        public String localClass(TypeElement e, Supplier<String> asMember) {
            // a hoisted class becomes a member class of the machine. Its type arguments are not
            // walked here; UndenotableTypeCheck walks them for the locals that live across awaits
            return cx.hoistedClasses.containsKey(e.getSimpleName().toString()) ? null : "a local class";
        }
    }
}
