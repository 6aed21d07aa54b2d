// Worker requests of the models feature: method name → { params; result }, shared by host, worker and CLI.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelRequests {}
