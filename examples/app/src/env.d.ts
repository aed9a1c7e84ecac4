/// <reference types="vite/client" />
/// <reference types="@vitejs/plugin-rsc/types" />
