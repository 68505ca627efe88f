import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BRAND, brandCss, type Brand } from './brand';
import { STYLESHEET } from './stylesheet';

/** The pages' stylesheets and logo, served by the app itself. */
@ApiExcludeController()
@Controller('assets')
export class WebAssetsController {
  private readonly brandCss: string;

  constructor(@Inject(BRAND) private readonly brand: Brand) {
    this.brandCss = brandCss(brand);
  }

  @Get('ofs.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return STYLESHEET;
  }

  @Get('brand.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  brandStylesheet(): string {
    return this.brandCss;
  }

  @Get('logo.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=3600')
  logo(): string {
    return this.brand.logoSvg;
  }
}
