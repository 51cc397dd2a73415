package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private field assigned a conditional that awaits in a branch: the machine stores through a var handle and passes the conditional to VarHandle.set as it is, 'int cannot be converted to Object' (found by the campaign, seed 20261201 program 69; a switch expression likewise, program 160)
public class OpenPrivateFieldConditionalStore {
  static OpenPrivateFieldConditionalStore it;
  static int sf;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new OpenPrivateFieldConditionalStore();
    sf = 0;
    return m(2);
  }

  @Async
  static Future<Integer> m(int d) throws FxChecked {
    it.pi = d > 0 ? 1 : await(v("a", 2));
    return Future.ready(it.pi);
  }
}
