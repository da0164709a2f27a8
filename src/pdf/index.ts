// The library first: the viewer components read it from globalThis (see pdfjs.ts).
import './pdfjs';
import { startReader } from './reader';

void startReader(document);
