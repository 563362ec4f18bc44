// Registers the records functions: each import below is a file that calls app.* once.
import './listCustomers';
import './getCustomer';
import './removeRelationship';
import './myPartners';
import './removeMyGrant';
import './listAudit';
