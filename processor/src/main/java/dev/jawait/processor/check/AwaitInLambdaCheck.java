package dev.jawait.processor.check;

import com.sun.source.tree.MethodTree;

/**
 * {@code await} inside a lambda in an {@code @Async} method: the lambda is separate code that
 * runs whenever its caller calls it, not a step of the method's state machine.
 */
final class AwaitInLambdaCheck implements UnitCheck {
    @Override
    public void check(UnitFacts unit, Reporter reporter) {
        for (AwaitSite site : unit.awaits) {
            if (site.asyncMethod != null && site.owner == AwaitSite.Owner.LAMBDA) {
                String name = ((MethodTree) site.asyncMethod.getLeaf()).getName().toString();
                reporter.error(site.path, "await inside a lambda is not allowed: the lambda is not part of @Async"
                        + " method '" + name + "' and runs whenever it is called; move the await out of the"
                        + " lambda, or put the lambda's work in a helper @Async method and await its result");
            }
        }
    }
}
