// Registers the invitation orchestrator.
import './invitationOrchestrator';
