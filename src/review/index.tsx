import { render } from 'preact';
import { ReviewPage } from './ReviewPage';

render(<ReviewPage />, document.getElementById('app')!);
