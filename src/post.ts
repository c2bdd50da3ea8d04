// The action's post entry: everything happens in post().
import { post } from './action/post.js';

void post();
