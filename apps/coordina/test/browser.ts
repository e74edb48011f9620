// The browser helpers live with the CLI (`coordina screenshots` drives the same Chromium).
export { contextOptions, launchBrowser, newContext } from '../src/browser';
