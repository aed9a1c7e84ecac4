/** The header the browser entry names a server action with when it calls one from JavaScript. */
export const ACTION_HEADER = 'x-rsc-action';
