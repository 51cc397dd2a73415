package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a String pattern conditional with no await in it, kept in temporaries branch by branch because a later operand awaits: the machine evaluates the condition in a statement of its own, and the branch that reads the pattern variable did not find it ("cannot find symbol b")
public class BindingOfSpilledConditional {
  static BindingOfSpilledConditional it;
  Object fo = "str";
  static String ss = "x";

  public static Object entry() throws Exception {
    it = new BindingOfSpilledConditional();
    ss = "x";
    return m();
  }

  @Async
  static Future<String> m() throws FxChecked {
    ss += ((it.fo instanceof String b ? ("" + b + ("s2" + 'f')) : "s1") + await(v("a", 'c')));
    Object other = 5;
    String t = (other instanceof String c ? c : "none") + await(v("b", "!"));
    return Future.ready(ss + "/" + t);
  }
}
