import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/** Runs the local strategy; a wrong password is no exception: the sign-in page shows it (req.user stays unset). */
@Injectable()
export class PasswordAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) throw err;
    return (user || null) as TUser;
  }
}
