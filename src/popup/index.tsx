import { render } from 'preact';
import { App } from './App';

// sidepanel.html loads this same bundle with <html data-mode="panel">: one app, two places.
const mode = document.documentElement.dataset.mode === 'panel' ? 'panel' : 'popup';
render(<App search={location.search} mode={mode} />, document.getElementById('app')!);
