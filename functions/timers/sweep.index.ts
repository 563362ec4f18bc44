// Registers the sweeps (invitations and grants; customer creations a crash left open); each module
// loads on its first run (see ../register.ts).
import { sweepSchedule } from '../../shared/sweep/schedule';
import { timer } from '../register';

timer('sweep', sweepSchedule(), async () => (await import('./sweep.js')).sweepTimer, { durableClient: true });
timer('creationSweep', sweepSchedule(), async () => (await import('./creationSweep.js')).creationSweep);
