// Registers the invitation functions: each import below is a file that calls app.* once.
export {};
