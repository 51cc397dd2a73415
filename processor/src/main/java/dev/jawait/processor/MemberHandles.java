package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.jawait.processor.MachineIr.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;

/**
 * Declares the {@code static final} handles through which the machine reaches members it cannot
 * access directly (a separate class, not a nestmate: DESIGN §3.5): one private lookup on the
 * user's class, a {@code VarHandle} per field and a {@code MethodHandle} per method, each once.
 */
final class MemberHandles {
    private static final ClassName MACHINES = ClassName.get("dev.jawait.machine", "Machines");

    /** {@code @SuppressWarnings("unchecked")}, for the generic helpers' casts of a handle's result. */
    private static final AnnotationSpec SUPPRESS_UNCHECKED =
            AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build();

    private final LoweringContext cx;
    private final AsyncMethod m;

    MemberHandles(LoweringContext cx) {
        this.cx = cx;
        this.m = cx.m;
    }

    private static final ClassName LOOKUP = ClassName.get("java.lang.invoke", "MethodHandles", "Lookup");
    private final Map<String, String> handleFields = new HashMap<>();

    /** The machine's full-privilege lookup on the user's class, created once per class. */
    private String lookupField() {
        return lookupField(m.owner);
    }

    /**
     * The machine's full-privilege lookup on class {@code c} of the user's: {@code LOOKUP$} for
     * the method's own class; another one for an enclosing class that makes a
     * {@code super} call ({@code findSpecial} requires its caller to be the lookup class).
     */
    private String lookupField(TypeElement c) {
        String key = "lookup:" + c.getQualifiedName();
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        String name = c.equals(m.owner) ? "LOOKUP$" : cx.uniqueFieldName("LOOKUP$" + c.getSimpleName());
        handleFields.put(key, name);
        cx.ir.fields.add(new Field(name, LOOKUP, true, true, CodeBlock.of("$T.privateLookup($T.class, $T.lookup())",
                MACHINES, ClassName.get((TypeElement) cx.types.asElement(cx.types.erasure(c.asType()))),
                ClassName.get("java.lang.invoke", "MethodHandles"))));
        return name;
    }

    /** A {@code static final VarHandle} for field {@code f}. */
    String fieldHandle(VariableElement f) {
        String key = "field:" + f.getEnclosingElement() + "." + f.getSimpleName();
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        String lookup = lookupField();
        String name = cx.uniqueFieldName(f.getSimpleName() + "$handle");
        handleFields.put(key, name);
        cx.ir.fields.add(new Field(name, ClassName.get("java.lang.invoke", "VarHandle"), true, true,
                CodeBlock.of("$T.field($L, $T.class, $S, $T.class, $L)", MACHINES, lookup,
                        erasure(f.getEnclosingElement().asType()), f.getSimpleName(), erasure(f.asType()),
                        f.getModifiers().contains(Modifier.STATIC))));
        return name;
    }

    /**
     * Whether field {@code f}'s type mentions a type variable (of its class, or of an enclosing
     * class of an inner one): its value is then read through {@link #fieldReader}, since the
     * machine may not declare that variable, and the type the read has depends on the object's
     * type ({@code other.value} is a {@code String} for a {@code Box<String>}).
     */
    static boolean typedByItsObject(VariableElement f) {
        return ExactTypes.mentionsTypeVariable(f.asType());
    }

    /**
     * A static generic method of the machine that reads instance field {@code f} through its
     * handle, typed as javac types the field access: for {@code private T value} of
     * {@code Box<T>}, {@code static <T> T value$get(Box<T> o) { return (T) value$handle.get(o); }},
     * so {@code value$get(other)} has the type {@code other.value} has in the source (inferred
     * from {@code other}'s type, with capture for a wildcard, erased for a raw one).
     */
    String fieldReader(VariableElement f) {
        String key = "reader:" + f.getEnclosingElement() + "." + f.getSimpleName();
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        String handle = fieldHandle(f);
        String name = cx.uniqueFieldName(f.getSimpleName() + "$get");
        handleFields.put(key, name);
        TypeMirror owner = f.getEnclosingElement().asType();
        List<TypeVariableName> vars = classTypeVariables(owner);
        TypeName type = TypeName.get(f.asType());
        cx.ir.methods.add(MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addAnnotation(SUPPRESS_UNCHECKED)
                .addTypeVariables(vars)
                .returns(type)
                .addParameter(TypeName.get(owner), "object")
                .addStatement("return ($T) $L.get(object)", type, handle)
                .build());
        return name;
    }

    /**
     * The type variables of class type {@code owner} and of the classes enclosing it (an inner
     * class's fields and methods may use its outer class's), for a static helper to declare.
     */
    private static List<TypeVariableName> classTypeVariables(TypeMirror owner) {
        List<TypeVariableName> vars = new ArrayList<>();
        for (TypeMirror t = owner; t.getKind() == TypeKind.DECLARED; t = ((DeclaredType) t).getEnclosingType()) {
            for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                vars.add(TypeVariableName.get((TypeVariable) a));
            }
        }
        return vars;
    }

    /**
     * Whether a call of method {@code x} through its handle goes through {@link #methodCaller}: its
     * result's type mentions a type variable, of the method itself ({@code <E> E first(List<E>)})
     * or of its class, which the machine may not declare; javac infers it per call.
     */
    static boolean typedByItsCall(ExecutableElement x) {
        return !x.getTypeParameters().isEmpty() && ExactTypes.mentionsTypeVariable(x.getReturnType());
    }

    /**
     * A static generic method of the machine that calls method {@code x} (of class {@code caller}
     * or one it reaches) through its handle, declared as {@code x} is: for
     * {@code private static <E> E first(List<E> xs)},
     * {@code static <E> E first$call(List<E> xs) throws Throwable { return (E) first$handle.invoke(xs); }},
     * so that javac infers each call's type as it does for the source's call. An instance method
     * takes its object first, typed with its class's type variables. {@code null} if a type
     * variable of the method hides one of its class (the two cannot share one declaration).
     */
    String methodCaller(ExecutableElement x, TypeElement caller) {
        String key = "caller:" + x.getEnclosingElement() + "." + x;
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        boolean isStatic = x.getModifiers().contains(Modifier.STATIC);
        TypeMirror owner = x.getEnclosingElement().asType();
        List<TypeVariableName> vars = isStatic ? new ArrayList<>() : classTypeVariables(owner);
        for (TypeParameterElement p : x.getTypeParameters()) {
            for (TypeVariableName v : vars) {
                if (v.name().equals(p.getSimpleName().toString())) {
                    return null;
                }
            }
            vars.add(TypeVariableName.get(p));
        }
        String handle = methodHandle(x, null, caller);
        String name = cx.uniqueFieldName(x.getSimpleName() + "$call");
        handleFields.put(key, name);
        addCaller(name, vars, TypeName.get(x.getReturnType()), isStatic ? null : TypeName.get(owner),
                x.getParameters(), x.isVarArgs(), x.getThrownTypes(), handle);
        return name;
    }

    /**
     * Adds {@code private static <vars> result name([object$,] params) throws <thrown> { try {
     * return (result) handle.invoke([object$,] params); } catch (Throwable t) { throw
     * Machines.rethrow(t); } }} to the machine: it throws what the member declares, like a direct
     * call, so that it may be called where a call of the member may be (in a lambda too).
     */
    private void addCaller(String name, List<TypeVariableName> vars, TypeName result, TypeName object,
            List<? extends VariableElement> params, boolean varargs, List<? extends TypeMirror> thrown, String handle) {
        MethodSpec.Builder b = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addAnnotation(SUPPRESS_UNCHECKED)
                .addTypeVariables(vars)
                .returns(result)
                .varargs(varargs);
        for (TypeMirror t : thrown) {
            b.addException(TypeName.get(t));
        }
        List<String> args = new ArrayList<>();
        if (object != null) {
            b.addParameter(object, "object$");
            args.add("object$");
        }
        for (VariableElement p : params) {
            b.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString());
            args.add(p.getSimpleName().toString());
        }
        b.beginControlFlow("try");
        if (result.equals(TypeName.VOID)) {
            b.addStatement("$L.invoke($L)", handle, String.join(", ", args));
        } else {
            b.addStatement("return ($T) $L.invoke($L)", result, handle, String.join(", ", args));
        }
        b.nextControlFlow("catch ($T failure$$)", Throwable.class);
        b.addStatement("throw $T.rethrow(failure$$)", MACHINES);
        b.endControlFlow();
        cx.ir.methods.add(b.build());
    }

    /**
     * A {@code static final MethodHandle} for method {@code x}; when {@code superOf} is not null,
     * for the call {@code super.x(...)}, {@code Iface.super.x(...)} or {@code Outer.super.x(...)}
     * made from class {@code caller} that resolves {@code x} in {@code superOf}, a direct
     * superclass or superinterface of {@code caller} (javac's {@code invokespecial}).
     */
    String methodHandle(ExecutableElement x, TypeElement superOf, TypeElement caller) {
        boolean special = superOf != null;
        String key = (special ? "super:" + caller + ":" + superOf + ":" : "method:") + x.getEnclosingElement() + "." + x;
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        String lookup = special ? lookupField(caller) : lookupField();
        String prefix = !special ? "" : caller.equals(m.owner) ? "super$" : caller.getSimpleName() + "$super$";
        String name = cx.uniqueFieldName(prefix + x.getSimpleName() + "$handle");
        handleFields.put(key, name);
        CodeBlock.Builder type = CodeBlock.builder().add("$T.methodType($T.class",
                ClassName.get("java.lang.invoke", "MethodType"), erasure(x.getReturnType()));
        for (VariableElement p : x.getParameters()) {
            type.add(", $T.class", erasure(p.asType()));
        }
        type.add(")");
        cx.ir.fields.add(new Field(name, ClassName.get("java.lang.invoke", "MethodHandle"), true, true,
                CodeBlock.of("$T.method($L, $T.class, $S, $L, $L, $L)", MACHINES, lookup,
                        erasure((special ? superOf : x.getEnclosingElement()).asType()), x.getSimpleName(), type.build(),
                        x.getModifiers().contains(Modifier.STATIC),
                        special ? CodeBlock.of("$T.class", erasure(caller.asType())) : "null")));
        return name;
    }

    /**
     * A static generic method of the machine that calls constructor {@code x} through its handle,
     * declared as the constructor is, with its class's type variables: for {@code private Box(T v)}
     * of {@code Box<T>},
     * {@code static <T> Box<T> Box$new(T v) throws Throwable { return (Box<T>) Box$new$handle.invoke(v); }},
     * so that javac infers a {@code new Box<>(v)} through it as it does the diamond (JLS 15.9.3
     * defines the diamond by such a method).
     */
    String constructorCaller(ExecutableElement x) {
        String key = "new:" + x.getEnclosingElement() + "." + x;
        String existing = handleFields.get(key);
        if (existing != null) {
            return existing;
        }
        TypeElement c = (TypeElement) x.getEnclosingElement();
        String base = c.getSimpleName() + "$new";
        String handle = cx.uniqueFieldName(base + "$handle");
        String name = cx.uniqueFieldName(base);
        handleFields.put(key, name);
        CodeBlock.Builder type = CodeBlock.builder().add("$T.methodType(void.class",
                ClassName.get("java.lang.invoke", "MethodType"));
        for (VariableElement p : x.getParameters()) {
            type.add(", $T.class", erasure(p.asType()));
        }
        type.add(")");
        cx.ir.fields.add(new Field(handle, ClassName.get("java.lang.invoke", "MethodHandle"), true, true,
                CodeBlock.of("$T.constructor($L, $T.class, $L)", MACHINES, lookupField(), erasure(c.asType()),
                        type.build())));
        List<TypeVariableName> vars = new ArrayList<>();
        for (TypeParameterElement p : c.getTypeParameters()) {
            vars.add(TypeVariableName.get(p));
        }
        addCaller(name, vars, TypeName.get(c.asType()), null, x.getParameters(), false, x.getThrownTypes(), handle);
        return name;
    }

    private TypeName erasure(TypeMirror t) {
        return TypeName.get(cx.types.erasure(t));
    }

    /** The type to cast a handle's Object result to; an unchecked cast is noted for suppression. */
    TypeName castType(TypeMirror t) {
        if (ExactTypes.mentionsTypeVariable(t) || t.getKind() == TypeKind.DECLARED && !((DeclaredType) t).getTypeArguments().isEmpty()) {
            cx.ir.suppressWarnings.add("unchecked");
        }
        return TypeName.get(t);
    }
}
