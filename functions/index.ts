// The app's entry (package.json "main"): importing a file registers its functions.
import './http/health';
import './http/openapi';
import './http/getPartner';
import './http/putPartner';
