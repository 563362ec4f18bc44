// Registers the sweep functions: each import below is a file that calls app.* once.
import './sweep';
