package dev.jawait.processor.check;

import com.sun.source.tree.MethodTree;

/**
 * {@code await} inside an anonymous or local class (a method, a field initialiser or an
 * initialiser block) declared in an {@code @Async} method: that code is not part of the method's
 * state machine.
 */
final class AwaitInNestedClassCheck implements UnitCheck {
    @Override
    public void check(UnitFacts unit, Reporter reporter) {
        for (AwaitSite site : unit.awaits) {
            if (site.asyncMethod == null || site.nestedClass == null || site.owner == AwaitSite.Owner.LAMBDA
                    || site.owner == AwaitSite.Owner.ASYNC_METHOD) {
                continue;
            }
            String name = ((MethodTree) site.asyncMethod.getLeaf()).getName().toString();
            String kind = AwaitSite.classKind(site.nestedClass) == AwaitSite.ClassKind.ANONYMOUS
                    ? "an anonymous class" : "a local class";
            String where = site.owner == AwaitSite.Owner.INITIALIZER ? "an initializer of " + kind : kind;
            reporter.error(site.path, "await inside " + where + " is not allowed: its code is not part of @Async"
                    + " method '" + name + "'; move the await out of the class into '" + name + "', or make"
                    + " the work a helper @Async method (in a named class) and await its result");
        }
    }
}
