// Registers new customers for resellers and subscriptions: each import below is a file that calls app.* once.
import './createCustomerForReseller';
import './createSubscription';
import './listSubscriptions';
import './updateSubscription';
import '../timers/creationSweep';
