package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private field read through a var local holding an instance, in a block after an await (the local does not live across it): the machine copies the statement verbatim, 'pi has private access' (with the class name instead of var it compiles)
public class OpenPrivateFieldThroughVarLocal {
  static OpenPrivateFieldThroughVarLocal it;
  static int sf;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new OpenPrivateFieldThroughVarLocal();
    sf = 0;
    return m(2);
  }

  @Async
  static Future<Integer> m(int d) throws FxChecked {
    await(v("a", 1));
    {
      var o = it;
      sf += o.pi;
    }
    return Future.ready(sf);
  }
}
